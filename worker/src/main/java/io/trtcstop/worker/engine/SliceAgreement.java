package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes an instance's quota slice safe while the instances of a group disagree on the layout (issue 17, item 1).
 * Each instance computes its slice from facts it reads at its own moments; two instances that read them a second
 * apart may compute layouts whose slices overlap. So a new slice is not used as it is computed: the instance uses
 * the part of it that every slice it computed within the last {@code settle} also holds, their intersection.
 * A slice shrinks at once and grows only once the larger slice has held for {@code settle}.
 *
 * <p>Why that is safe: if, within any {@code settle} before a moment, two instances both computed one common layout
 * L (they saw the same facts, each at its own refresh), each one's slice at that moment lies inside its part of L,
 * and the parts of one layout do not overlap. The API counts whole seconds, so {@code settle} must cover the time
 * between two instances seeing a change (a refresh period and the spread of the Admin reads) plus one second.
 *
 * <p>A slice that is not refreshed for {@code staleAfter} (the facts cannot be read) expires: the instance keeps
 * only a minimum inside its last slice, which no layout computed since can have handed to another instance
 * unless it shrank ours at once too. Not thread-safe alone; {@code GroupQuota} calls it from one thread.
 */
public final class SliceAgreement {

    private record Computed(Instant at, QuotaSlice slice) {
    }

    private final Duration settle;
    private final Duration staleAfter;
    private final double minimumRate;
    private final Clock clock;
    private final Deque<Computed> recent = new ArrayDeque<>();
    private Instant lastComputed;

    /**
     * @param first       the slice to start with (it counts as computed now)
     * @param minimumRate calls per second an expired slice keeps, at most its own rate
     */
    public SliceAgreement(QuotaSlice first, Duration settle, Duration staleAfter, double minimumRate, Clock clock) {
        this.settle = settle;
        this.staleAfter = staleAfter;
        this.minimumRate = minimumRate;
        this.clock = clock;
        offer(first);
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
        Instant windowStart = now.minus(settle);
        // Keep the slice in force at the start of the window (the last computed at or before it) and all after it.
        while (recent.size() > 1 && !recent.stream().skip(1).findFirst().orElseThrow().at().isAfter(windowStart)) {
            recent.removeFirst();
        }
        QuotaSlice agreed = intersection();
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

    private QuotaSlice intersection() {
        int slots = Integer.MAX_VALUE;
        double from = 0;
        double to = Double.MAX_VALUE;
        for (Computed c : recent) {
            slots = Math.min(slots, c.slice().slotsPerSecond());
            from = Math.max(from, c.slice().from());
            to = Math.min(to, c.slice().to());
        }
        double end = Math.min(to, slots);
        double start = Math.min(from, end);
        return new QuotaSlice(slots, start, Math.max(start, end));
    }
}
