package io.trtcstop.worker.replay;

import java.util.function.LongSupplier;

/** Spaces records evenly at a rate (records per second); 0 means no pacing. Time is injected for tests. */
final class Pacer {

    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long next;
    private boolean started;

    Pacer(double ratePerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.intervalNanos = ratePerSecond <= 0 ? 0 : (long) (1_000_000_000L / ratePerSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Nanoseconds until the next record may go (0: now). */
    long waitNanos() {
        return started ? Math.max(0, next - nanoTime.getAsLong()) : 0;
    }

    /** Blocks until the next record may go, and books its slot. */
    void acquire() throws InterruptedException {
        long wait = waitNanos();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        long now = nanoTime.getAsLong();
        // After a long pause (a slow commit) do not burst to catch up: the rate is a ceiling.
        next = (started ? Math.max(next, now) : now) + intervalNanos;
        started = true;
    }
}
