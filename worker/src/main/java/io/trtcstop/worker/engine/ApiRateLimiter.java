package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces API calls of this instance to a rate (the instance's share of the account quota), and backs off
 * for everyone when the API says we are throttled. Calls are spaced evenly instead of bursting, because
 * the API counts requests per second and a burst at a window edge is what trips its limit.
 *
 * <p>Thread-safe; callers are virtual threads that block in {@link #acquire()}.
 */
public final class ApiRateLimiter {

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration throttlePause;
    private long intervalNanos;
    private Instant nextFree;

    public ApiRateLimiter(double permitsPerSecond, Duration throttlePause, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.throttlePause = throttlePause;
        setRate(permitsPerSecond);
        this.nextFree = clock.instant();
    }

    public synchronized void setRate(double permitsPerSecond) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + permitsPerSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / permitsPerSecond);
    }

    /** Blocks until this caller's slot comes; slots are handed out in call order. */
    public void acquire() throws InterruptedException {
        Duration wait;
        synchronized (this) {
            Instant now = clock.instant();
            Instant slot = nextFree.isAfter(now) ? nextFree : now;
            nextFree = slot.plusNanos(intervalNanos);
            wait = Duration.between(now, slot);
        }
        sleeper.sleep(wait);
    }

    /** The API answered RequestLimitExceeded: nobody in this instance calls again before the pause is over. */
    public synchronized void throttled() {
        Instant resumeAt = clock.instant().plus(throttlePause);
        if (resumeAt.isAfter(nextFree)) {
            nextFree = resumeAt;
        }
    }
}
