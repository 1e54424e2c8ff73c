package io.trtcstop.worker.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to fetch credentials again. Keys that do not expire (files) are re-read every {@code pollInterval}.
 * Temporary keys are renewed well before they expire: with a third of their life left, but at most
 * {@link #MAX_MARGIN} before expiry (Tencent's SDK renews 10 minutes early), so a two-hour STS key is renewed
 * after 1 h 50 min and a 30-second test key after 20 s. After a failed fetch the next try comes after
 * 1, 2, 4 ... up to 30 seconds, while the current keys stay in use.
 */
public record RefreshSchedule(Duration pollInterval) {

    static final Duration MAX_MARGIN = Duration.ofMinutes(10);
    static final Duration MIN_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    public RefreshSchedule {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    /** The next fetch after a successful one at {@code fetchedAt}. */
    Instant next(Instant fetchedAt, IssuedCredentials issued) {
        if (issued.expiresAt() == null) {
            return fetchedAt.plus(pollInterval);
        }
        Duration life = Duration.between(fetchedAt, issued.expiresAt());
        if (life.compareTo(MIN_DELAY.multipliedBy(3)) < 0) {
            return fetchedAt.plus(MIN_DELAY);
        }
        Duration margin = life.dividedBy(3);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        return issued.expiresAt().minus(margin);
    }

    /** The next try after the {@code failures}-th failed fetch in a row (1 = the first). */
    Instant retry(Instant failedAt, int failures) {
        long seconds = 1L << Math.min(Math.max(failures - 1, 0), 5);
        Duration delay = Duration.ofSeconds(seconds);
        return failedAt.plus(delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay);
    }
}
