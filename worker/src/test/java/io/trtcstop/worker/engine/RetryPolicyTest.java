package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(100),
            Duration.ofSeconds(2));

    @Test
    void backoffBoundDoublesPerAttemptUpToTheCap() {
        assertThat(policy.backoff(1, 0.999999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(policy.backoff(2, 0.999999)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(policy.backoff(4, 0.999999)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
        assertThat(policy.backoff(6, 0.999999)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
        assertThat(policy.backoff(200, 0.999999)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
    }

    @Test
    void fullJitterSpansFromZeroToTheBound() {
        assertThat(policy.backoff(3, 0.0)).isZero();
        assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void retriesStopAtTheAttemptBudget() {
        assertThat(policy.allowsRetry(4, Duration.ZERO, Duration.ZERO)).isTrue();
        assertThat(policy.allowsRetry(5, Duration.ZERO, Duration.ZERO)).isFalse();
    }

    @Test
    void retriesStopWhenTheNextAttemptWouldStartPastTheTimeBudget() {
        assertThat(policy.allowsRetry(1, Duration.ofSeconds(29), Duration.ofSeconds(1))).isTrue();
        assertThat(policy.allowsRetry(1, Duration.ofSeconds(29), Duration.ofMillis(1001))).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("initialBackoff <= maxBackoff");
    }
}
