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
    void throttlingPausesEveryoneUntilTheApisNextWindow() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofSeconds(2), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(300));
        limiter.acquire();
        limiter.throttled();
        limiter.acquire();
        // The API counts per second: the next window starts at 1.000 s; 20 ms of margin for the clocks.
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.020Z"));
    }

    @Test
    void thePauseNeverExceedsTheConfiguredOne() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofMillis(200), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(100));
        limiter.acquire();
        Instant throttledAt = clock.instant();
        limiter.throttled();
        limiter.acquire();
        assertThat(Duration.between(throttledAt, clock.instant())).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void throttlingCutsTheRateByAFifthOncePerSecondAndItRecovers() {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(5), clock, clock.sleeper());
        limiter.throttled();
        limiter.throttled(); // an answer to a call of the same window: no second cut
        assertThat(limiter.currentRate()).isEqualTo(8.0);
        assertThat(limiter.throttleCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        limiter.throttled();
        assertThat(limiter.currentRate()).isCloseTo(6.4, org.assertj.core.data.Offset.offset(1e-9));
        clock.advance(Duration.ofMillis(1020 + 2000)); // the pause, then 2 s: +10% of the share per second
        assertThat(limiter.currentRate()).isCloseTo(8.4, org.assertj.core.data.Offset.offset(1e-9));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.currentRate()).isEqualTo(10.0);
    }
}
