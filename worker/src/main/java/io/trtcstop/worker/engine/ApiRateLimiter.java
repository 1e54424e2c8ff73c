package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces this instance's API calls to its {@link QuotaSlice} of the account quota, and slows down when the API says
 * we are throttled. In each second it makes at most its slice's budget of calls (the API counts calls in fixed
 * one-second windows; the budgets of a group's instances add up to the quota in every second), spaced evenly
 * rather than in a burst: a lone command is called at once, a backlog is spread over the second.
 *
 * <p>Calls start only in the middle of a host second, from {@link #OPENS} (110 ms) to {@link #CLOSES} (200 ms)
 * before its end, so that hosts whose clocks are up to {@link #CLOCK_TOLERANCE} (100 ms) off each other's or the
 * API's still put each second's calls into the one API window they were budgeted for. A lone command that arrives
 * outside that window waits for it (at most 310 ms).
 *
 * <p>Nothing is booked ahead: callers queue on a fair lock and only the head of the queue waits for the next
 * slot, re-reading the slice and the pause as it waits. So a throttling answer or a smaller share applies at once
 * to every waiting caller. (Reservation-based limiters, such as Bucket4j's blocking consume or Resilience4j's
 * RateLimiter, hand each waiter a future slot at once; with 64 waiters at 20/s those slots run 3 s ahead and no
 * pause can take them back, which is the bug this class replaced.)
 *
 * <p>On throttling (another client of the account, or instances that briefly disagree on their slices) nobody
 * calls until the next second begins (at most {@code throttlePause}), the budget is cut by a fifth (down to a
 * tenth), and it climbs back by a tenth per second without throttling. Thread-safe; callers are virtual threads
 * that block in {@link #acquire()}.
 */
public final class ApiRateLimiter {

    private static final double MIN_FACTOR = 0.1;
    private static final double CUT = 0.8;
    private static final double RECOVERY_PER_SECOND = 0.1;
    /**
     * How far apart the clocks of a group's hosts and the API's may be (issue 17, item 3). NTP keeps them within a
     * few milliseconds; a group tolerates this much more, and says so in the docs.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMillis(100);
    /**
     * From a call's start to the moment the API counts it: the network, TLS, a busy host, the API's own queue
     * (the emulator counts a call after its injected latency: up to 60 ms in the chaos tests).
     */
    static final Duration ARRIVAL_ALLOWANCE = Duration.ofMillis(100);
    /**
     * No call starts in the first {@code OPENS} of a host second: on a host whose clock is up to
     * {@link #CLOCK_TOLERANCE} ahead of the API's, an earlier call would land in the API's previous window.
     */
    static final Duration OPENS = CLOCK_TOLERANCE.plusMillis(10);
    /**
     * Nor in the last {@code CLOSES} of it: on a host up to {@link #CLOCK_TOLERANCE} behind the API's, a later call
     * would arrive in the API's next window.
     */
    static final Duration CLOSES = CLOCK_TOLERANCE.plus(ARRIVAL_ALLOWANCE);
    /**
     * Calls within a second are spaced for this much more than the rate, so that a second's whole budget fits
     * between {@link #OPENS} and {@link #CLOSES} (0.69 s) and the budget itself is the limit.
     */
    private static final double SPACING_HEADROOM = 1.45;
    /**
     * Until the first call has ended, calls go one at a time and start only in the first half of a host second: a
     * fresh process's first call opens the connection (TCP, TLS) and runs cold code, and took 300 ms on the bench;
     * calls started late in a second that way landed in the API's next window together (23 in one second).
     */
    static final Duration COLD_CLOSES = Duration.ofMillis(500);
    /** The head re-reads slice and pause at least this often, so a change applies within this time. */
    private static final Duration MAX_NAP = Duration.ofMillis(100);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration throttlePause;
    private final ReentrantLock queue = new ReentrantLock(true);

    private QuotaSlice slice;
    private double factor = 1.0;
    private Instant lastGrant;
    private long window = Long.MIN_VALUE;
    private int usedInWindow;
    private Instant pausedUntil;
    private Instant lastCut;
    private Instant lastRecovery;
    private long throttles;
    private long expired;
    private boolean warm;
    private boolean coldCallOut;

    /** A limiter on a line of its own at {@code permitsPerSecond} ({@link QuotaSlice#whole}). */
    public ApiRateLimiter(double permitsPerSecond, Duration throttlePause, Clock clock, Sleeper sleeper) {
        this(QuotaSlice.whole(permitsPerSecond), throttlePause, clock, sleeper);
    }

    public ApiRateLimiter(QuotaSlice slice, Duration throttlePause, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.throttlePause = throttlePause;
        setSlice(slice);
        Instant now = clock.instant();
        this.lastGrant = Instant.MIN;
        this.pausedUntil = now;
        this.lastCut = Instant.MIN;
        this.lastRecovery = now;
    }

    /** This instance's slice of the quota; applies to waiting callers at once. */
    public synchronized void setSlice(QuotaSlice slice) {
        this.slice = Objects.requireNonNull(slice, "slice");
    }

    /** This instance's share of the quota in calls per second: the slice's rate. */
    public synchronized double share() {
        return slice.rate();
    }

    /** The rate calls are paced at now: the share, reduced after throttling. */
    public synchronized double currentRate() {
        recover(clock.instant());
        return slice.rate() * factor;
    }

    /** How often {@link #throttled()} cut the rate since start. */
    public synchronized long throttleCount() {
        return throttles;
    }

    /**
     * A permit to start one call, booked in the budget of host second {@code second}. A call that cannot start while
     * the permit is {@linkplain #validAt valid} must not start on it: it might land in another of the API's windows,
     * whose calls other instances have booked.
     */
    public record Permit(long second) {
        /**
         * Whether a call starting at {@code now} still lands in the API's window of this permit's second: the same
         * host second, and not within {@link #CLOCK_TOLERANCE} of its end.
         */
        public boolean validAt(Instant now) {
            return now.getEpochSecond() == second
                    && now.isBefore(Instant.ofEpochSecond(second + 1).minus(CLOCK_TOLERANCE));
        }
    }

    /**
     * Blocks until this caller may call; callers are served in arrival order. The call must start at once: take the
     * call slot ({@code MAX_IN_FLIGHT}) before the permit, and check {@link Permit#validAt} when the call starts.
     */
    public Permit acquire() throws InterruptedException {
        queue.lockInterruptibly();
        try {
            while (true) {
                Duration wait;
                synchronized (this) {
                    Instant now = clock.instant();
                    recover(now);
                    Instant slot = latest(nextSlot(now), pausedUntil, now);
                    if (!slot.isAfter(now) && !warm) {
                        slot = coldSlot(now);
                    }
                    if (!slot.isAfter(now)) {
                        lastGrant = now;
                        usedInWindow++;
                        coldCallOut = !warm;
                        return new Permit(now.getEpochSecond());
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
     * A call ended (answered, or failed without an answer): once one has, the connection is open and the code warm,
     * and calls are no longer held to one at a time early in a second. A permit given back counts as ended too.
     */
    public synchronized void callEnded() {
        warm |= coldCallOut;
        coldCallOut = false;
    }

    /** While cold: the earliest start that has no other call out and is in the first half of a second. */
    private Instant coldSlot(Instant now) {
        if (coldCallOut) {
            return now.plus(MAX_NAP); // wait for the first call to end
        }
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        return now.isBefore(second.plus(COLD_CLOSES)) ? now : second.plusSeconds(1).plus(OPENS);
    }

    /** How many permits expired unused since start (their call could not start in the second they were for). */
    public synchronized long expiredPermits() {
        return expired;
    }

    /**
     * A permit was not used in its second: it is void, never spent later. While its second lasts, its place in the
     * budget is given back; once the second is over there is nothing left to give back.
     */
    public synchronized void giveBack(Permit permit) {
        coldCallOut = false; // no call was made on it: the next one is still the first
        if (permit.second() == window && window == clock.instant().getEpochSecond() && usedInWindow > 0) {
            usedInWindow--;
        } else {
            expired++;
        }
    }

    /**
     * The API answered with a throttling code: nobody in this instance calls before the next second (or the
     * pause, whichever comes first), and the budget is cut. Answers to calls made before the last cut took effect
     * do not cut again.
     */
    public synchronized void throttled() {
        Instant now = clock.instant();
        Instant nextWindow = Instant.ofEpochSecond(now.getEpochSecond() + 1).plus(OPENS);
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

    /**
     * The earliest moment the next call may start: inside its second's calling window ({@link #OPENS} to
     * {@link #CLOSES} before the end), within that second's budget, and on its schedule in that second.
     */
    private Instant nextSlot(Instant now) {
        long second = now.getEpochSecond();
        if (second != window) {
            usedInWindow = 0;
            window = second;
        }
        Instant nextOpening = Instant.ofEpochSecond(second + 1).plus(OPENS);
        if (usedInWindow >= budget(second) || !now.isBefore(Instant.ofEpochSecond(second + 1).minus(CLOSES))) {
            return nextOpening;
        }
        // The n-th call of a second is due at OPENS + n spacings: a late wake-up on a busy host does not push the
        // rest of the second's calls out of its calling window; catching up, calls keep half a spacing apart.
        long spacing = (long) (1_000_000_000L / (SPACING_HEADROOM * slice.rate() * factor));
        Instant due = Instant.ofEpochSecond(second).plus(OPENS).plusNanos(spacing * usedInWindow);
        Instant apart = lastGrant == Instant.MIN ? now : lastGrant.plusNanos(spacing / 2);
        return latest(due, apart, now);
    }

    /**
     * The slice's budget, cut after throttling by shrinking the slice rather than the second's count: a slice of
     * one call per second cut by a fifth still calls in four seconds of five, where rounding the count down would
     * stop it altogether.
     */
    private int budget(long second) {
        return factor >= 1.0 ? slice.budget(second) : slice.shrunk(factor).budget(second);
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
