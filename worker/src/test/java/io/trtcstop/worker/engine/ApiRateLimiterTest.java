package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void spacesCallsEvenlyAtTheRate() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, clock.sleeper());
        Instant start = clock.instant();
        for (int i = 0; i < 21; i++) {
            limiter.acquire();
        }
        // 21 calls at 20/s: the 21st starts one second after the first.
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(1), clock, clock.sleeper());
        limiter.acquire();
        clock.advance(Duration.ofSeconds(5));
        Instant before = clock.instant();
        limiter.acquire();
        limiter.acquire();
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void throttlingPausesEveryoneForThePause() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofSeconds(2), clock, clock.sleeper());
        limiter.acquire();
        Instant throttledAt = clock.instant();
        limiter.throttled();
        limiter.acquire();
        assertThat(Duration.between(throttledAt, clock.instant())).isEqualTo(Duration.ofSeconds(2));
    }
}
