package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes an instance's quota slice safe while the instances of a group disagree on the layout (issue 17, item 1).
 * Each instance computes its slice from facts it reads at its own moments; two instances that read them a second
 * apart may compute layouts whose slices overlap. So a new slice is not used as it is computed: a slice shrinks at
 * once, and grows only from the first whole host second that starts at least {@code visibility} after the larger
 * slice was computed. Until then the instance uses the part of it that every slice it computed since
 * {@code visibility} before the current second began also holds, their intersection.
 *
 * <p>Why that is safe: the API counts whole seconds, and an instance's budget for a second can only shrink while
 * the second lasts. {@code visibility} covers the time from one instance seeing a change of the facts to every
 * other instance having applied it (a refresh period, the Admin reads of two refreshes, the clock tolerance). So
 * when a slice grows at the start of a second, every other instance has applied the layout it was computed from
 * before that second began, and the parts of one layout do not overlap. Growing at once at the next second
 * boundary, rather than after a settling time checked now and then, saves about two seconds on every change.
 *
 * <p>A slice that is not refreshed for {@code staleAfter} (the facts cannot be read) expires: the instance keeps
 * only a minimum inside its last slice, which no layout computed since can have handed to another instance
 * unless it shrank ours at once too. Not thread-safe alone; {@code GroupQuota} calls it from one thread at a time.
 */
public final class SliceAgreement {

    private record Computed(Instant at, QuotaSlice slice) {
    }

    private final Duration staleAfter;
    private final double minimumRate;
    private final Clock clock;
    private final Deque<Computed> recent = new ArrayDeque<>();
    private Duration visibility;
    private Instant lastComputed;

    /**
     * @param first       the slice to start with (it counts as computed now)
     * @param visibility  how long after one instance computes a layout every other has applied it (at most
     *                    {@code staleAfter}); {@link #visibility(Duration)} updates it
     * @param minimumRate calls per second an expired slice keeps, at most its own rate
     */
    public SliceAgreement(QuotaSlice first, Duration visibility, Duration staleAfter, double minimumRate,
                          Clock clock) {
        this.staleAfter = staleAfter;
        this.minimumRate = minimumRate;
        this.clock = clock;
        visibility(visibility);
        offer(first);
    }

    /** A new estimate of the visibility (the reads got slower or faster); capped at {@code staleAfter}. */
    public void visibility(Duration visibility) {
        if (visibility.isNegative()) {
            throw new IllegalArgumentException("visibility must not be negative: " + visibility);
        }
        this.visibility = visibility.compareTo(staleAfter) > 0 ? staleAfter : visibility;
    }

    /** A refresh computed {@code slice} from the group's facts; returns the slice to use now. */
    public QuotaSlice offer(QuotaSlice slice) {
        Instant now = clock.instant();
        lastComputed = now;
        recent.addLast(new Computed(now, slice));
        return current();
    }

    /** The slice to use now: the intersection of the recent ones, or the minimum once they are stale. */
    public QuotaSlice current() {
        Instant now = clock.instant();
        // Older slices are kept for the longest visibility, so that a larger estimate applies to them too.
        Instant keepFrom = now.truncatedTo(ChronoUnit.SECONDS).minus(staleAfter);
        while (recent.size() > 1 && !second(recent).at().isAfter(keepFrom)) {
            recent.removeFirst();
        }
        QuotaSlice agreed = intersection(now.truncatedTo(ChronoUnit.SECONDS).minus(visibility));
        if (stale()) {
            return agreed.rate() <= minimumRate ? agreed : agreed.shrunk(minimumRate / agreed.rate());
        }
        return agreed;
    }

    /** Whether no slice was computed for {@code staleAfter}. */
    public boolean stale() {
        return Duration.between(lastComputed, clock.instant()).compareTo(staleAfter) > 0;
    }

    /** How long ago the last slice was computed. */
    public Duration age() {
        return Duration.between(lastComputed, clock.instant());
    }

    private static Computed second(Deque<Computed> computed) {
        return computed.stream().skip(1).findFirst().orElseThrow();
    }

    /** The intersection of the slice in force at {@code from} (the last computed at or before it) and all after. */
    private QuotaSlice intersection(Instant from) {
        Computed[] computed = recent.toArray(Computed[]::new);
        int inForce = 0;
        for (int i = 1; i < computed.length && !computed[i].at().isAfter(from); i++) {
            inForce = i;
        }
        int slots = Integer.MAX_VALUE;
        double start = 0;
        double to = Double.MAX_VALUE;
        for (int i = inForce; i < computed.length; i++) {
            QuotaSlice slice = computed[i].slice();
            slots = Math.min(slots, slice.slotsPerSecond());
            start = Math.max(start, slice.from());
            to = Math.min(to, slice.to());
        }
        double end = Math.min(to, slots);
        double begin = Math.min(start, end);
        return new QuotaSlice(slots, begin, Math.max(begin, end));
    }
}
