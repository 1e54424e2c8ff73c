package io.trtcstop.worker.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry budget for transient failures: exponential backoff with full jitter, bounded by a number of
 * attempts and by the total time spent on one command (whichever runs out first).
 *
 * @param maxAttempts    attempts in all, the first one included
 * @param maxElapsed     no retry is started if it would begin later than this after the first attempt
 * @param initialBackoff upper bound of the first backoff
 * @param maxBackoff     cap of the exponential bound
 */
public record RetryPolicy(int maxAttempts, Duration maxElapsed, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofSeconds(20));
    }

    /**
     * Full jitter (AWS architecture blog's term): a uniform pick in [0, min(cap, initial * 2^(n-1))].
     *
     * @param failedAttempts attempts made so far, at least 1
     * @param jitter         a uniform random number in [0, 1)
     */
    public Duration backoff(int failedAttempts, double jitter) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1: " + failedAttempts);
        }
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        int shift = Math.min(failedAttempts - 1, 62);
        long bound = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        return Duration.ofNanos((long) (bound * jitter));
    }

    /** Whether another attempt may start after {@code attemptsMade}, waiting {@code delay} from now. */
    public boolean allowsRetry(int attemptsMade, Duration elapsedSinceFirst, Duration delay) {
        return attemptsMade < maxAttempts && elapsedSinceFirst.plus(delay).compareTo(maxElapsed) <= 0;
    }
}
