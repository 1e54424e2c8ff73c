package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces this instance's API calls to its share of the account quota, and slows down when the API says we are
 * throttled. Calls are spaced evenly instead of bursting, because the API counts requests per second and a burst
 * at a window edge is what trips its limit.
 *
 * <p>Nothing is booked ahead: callers queue on a fair lock and only the head of the queue waits for the next
 * slot, re-reading the rate and the pause as it waits. So a throttling answer or a smaller share applies at once
 * to every waiting caller. (Reservation-based limiters, such as Bucket4j's blocking consume or Resilience4j's
 * RateLimiter, hand each waiter a future slot at once; with 64 waiters at 20/s those slots run 3 s ahead and no
 * pause can take them back, which is the bug this class replaced.)
 *
 * <p>On throttling nobody calls until the API's next one-second window begins (at most {@code throttlePause}),
 * the rate is cut by a fifth (down to a tenth of the share), and it climbs back by a tenth of the share per second
 * without throttling. The API counts calls in fixed one-second windows, so several instances pacing evenly at
 * their shares now and then put one call too many into a window: a mild, short reaction costs a few calls where
 * halving and a full second's pause cost a dozen (measured: 17.4 accepted calls/s of 20 with three instances).
 * Thread-safe; callers are virtual threads that block in {@link #acquire()}.
 */
public final class ApiRateLimiter {

    private static final double MIN_FACTOR = 0.1;
    private static final double CUT = 0.8;
    /** Resume this long after the next second begins: host and API clocks differ by a few milliseconds. */
    private static final Duration WINDOW_MARGIN = Duration.ofMillis(20);
    private static final double RECOVERY_PER_SECOND = 0.1;
    /** The head re-reads rate and pause at least this often, so a change applies within this time. */
    private static final Duration MAX_NAP = Duration.ofMillis(100);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration throttlePause;
    private final ReentrantLock queue = new ReentrantLock(true);

    private double share;
    private double factor = 1.0;
    private Instant lastGrant;
    private Instant pausedUntil;
    private Instant lastCut;
    private Instant lastRecovery;
    private long throttles;

    public ApiRateLimiter(double permitsPerSecond, Duration throttlePause, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.throttlePause = throttlePause;
        setRate(permitsPerSecond);
        Instant now = clock.instant();
        this.lastGrant = Instant.MIN;
        this.pausedUntil = now;
        this.lastCut = Instant.MIN;
        this.lastRecovery = now;
    }

    /** This instance's share of the quota, in calls per second; applies to waiting callers at once. */
    public synchronized void setRate(double permitsPerSecond) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite: " + permitsPerSecond);
        }
        this.share = permitsPerSecond;
    }

    /** The share last set. */
    public synchronized double share() {
        return share;
    }

    /** The rate calls are paced at now: the share, reduced after throttling. */
    public synchronized double currentRate() {
        recover(clock.instant());
        return share * factor;
    }

    /** How often {@link #throttled()} cut the rate since start. */
    public synchronized long throttleCount() {
        return throttles;
    }

    /** Blocks until this caller may call; callers are served in arrival order. */
    public void acquire() throws InterruptedException {
        queue.lockInterruptibly();
        try {
            while (true) {
                Duration wait;
                synchronized (this) {
                    Instant now = clock.instant();
                    recover(now);
                    Instant slot = latest(nextSlot(), pausedUntil, now);
                    if (!slot.isAfter(now)) {
                        lastGrant = now;
                        return;
                    }
                    wait = Duration.between(now, slot);
                }
                sleeper.sleep(wait.compareTo(MAX_NAP) > 0 ? MAX_NAP : wait);
            }
        } finally {
            queue.unlock();
        }
    }

    /**
     * The API answered with a throttling code: nobody in this instance calls before its next window (or the
     * pause, whichever comes first), and the rate is cut. Answers to calls made before the last cut took effect
     * do not cut again.
     */
    public synchronized void throttled() {
        Instant now = clock.instant();
        Instant nextWindow = Instant.ofEpochSecond(now.getEpochSecond() + 1).plus(WINDOW_MARGIN);
        Instant pauseEnd = now.plus(throttlePause);
        Instant resumeAt = nextWindow.isBefore(pauseEnd) ? nextWindow : pauseEnd;
        if (resumeAt.isAfter(pausedUntil)) {
            pausedUntil = resumeAt;
        }
        if (lastCut == Instant.MIN || !now.isBefore(lastCut.plus(Duration.ofSeconds(1)))) {
            factor = Math.max(MIN_FACTOR, factor * CUT);
            lastCut = now;
            lastRecovery = resumeAt;
            throttles++;
        }
    }

    private Instant nextSlot() {
        if (lastGrant == Instant.MIN) {
            return Instant.MIN;
        }
        return lastGrant.plusNanos((long) (1_000_000_000L / (share * factor)));
    }

    private void recover(Instant now) {
        if (factor < 1.0 && now.isAfter(lastRecovery)) {
            double seconds = Duration.between(lastRecovery, now).toNanos() / 1e9;
            factor = Math.min(1.0, factor + RECOVERY_PER_SECOND * seconds);
        }
        if (now.isAfter(lastRecovery)) {
            lastRecovery = now;
        }
    }

    private static Instant latest(Instant a, Instant b, Instant c) {
        Instant max = a.isAfter(b) ? a : b;
        return max.isAfter(c) ? max : c;
    }
}
