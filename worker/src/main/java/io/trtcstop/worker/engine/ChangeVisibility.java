package io.trtcstop.worker.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How long after one instance of a group sees a change of the group's facts every other instance has applied it,
 * estimated from this instance's own refreshes; {@link SliceAgreement} grows a slice only from the first second
 * that starts this long after it was computed. The others' next refresh may start a refresh period later; the facts
 * are read at the start of a refresh and applied at its end, twice over (theirs and ours); the instances' seconds
 * start at their own clocks' moments, up to twice {@link ApiRateLimiter#CLOCK_TOLERANCE} apart; and threads are
 * scheduled a little late. Not thread-safe.
 */
public final class ChangeVisibility {

    /** Refresh durations kept: the slowest of them stands for the others' too. */
    static final int KEPT = 20;
    /** For the threads' scheduling (a settling tick, a busy host). */
    static final Duration SLACK = Duration.ofMillis(100);

    private final Duration refreshEvery;
    private final Duration assumedRefresh;
    private final Deque<Duration> recent = new ArrayDeque<>();

    /**
     * @param refreshEvery   the pause between two refreshes
     * @param assumedRefresh how long a refresh is taken to last until one has been timed
     */
    public ChangeVisibility(Duration refreshEvery, Duration assumedRefresh) {
        this.refreshEvery = refreshEvery;
        this.assumedRefresh = assumedRefresh;
    }

    /** A refresh took {@code took}; returns the visibility from now on. */
    public Duration refreshed(Duration took) {
        recent.addLast(took);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        return current();
    }

    /** The visibility: from the slowest of the last {@value #KEPT} refreshes, or the assumed one before any. */
    public Duration current() {
        Duration slowest = recent.stream().max(Duration::compareTo).orElse(assumedRefresh);
        return refreshEvery.plus(slowest.multipliedBy(2)).plus(ApiRateLimiter.CLOCK_TOLERANCE.multipliedBy(2))
                .plus(SLACK);
    }
}
