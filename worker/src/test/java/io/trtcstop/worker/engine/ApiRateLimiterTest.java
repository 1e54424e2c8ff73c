package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void neverExceedsTheBudgetOfASecondAndSpacesCallsWithinIt() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, clock.sleeper());
        Instant start = clock.instant();
        Instant previous = null;
        for (int i = 0; i < 20; i++) {
            limiter.acquire();
            if (previous != null) {
                assertThat(Duration.between(previous, clock.instant())).isEqualTo(Duration.ofMillis(40));
            }
            previous = clock.instant();
        }
        limiter.acquire(); // the 21st waits for the next second, plus the margin for the clocks
        assertThat(clock.instant()).isEqualTo(start.plusMillis(1020));
    }

    @Test
    void aCallAtTheEndOfASecondAlsoCountsAgainstTheNext() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(970)); // it may reach the API in the next second
        limiter.acquire();
        clock.advance(Duration.ofMillis(40)); // 1.010
        assertThat(budgetUsedIn(limiter)).as("calls started in second 1").isEqualTo(19);
    }

    @Test
    void aGroupSliceGetsItsBudgetInEverySecond() throws InterruptedException {
        QuotaSlice slice = new QuotaSlice(20, 13.5, 20);
        ApiRateLimiter limiter = new ApiRateLimiter(slice, Duration.ofSeconds(1), clock, clock.sleeper());
        java.util.Map<Long, Integer> calls = new java.util.TreeMap<>();
        for (int i = 0; i < 200; i++) {
            limiter.acquire();
            calls.merge(clock.instant().getEpochSecond(), 1, Integer::sum);
        }
        calls.forEach((second, n) -> assertThat(n).as("second " + second).isLessThanOrEqualTo(slice.budget(second)));
        calls.remove(clock.instant().getEpochSecond()); // the last second may be partly used
        calls.forEach((second, n) -> assertThat(n).as("second " + second).isEqualTo(slice.budget(second)));
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(1), clock, clock.sleeper());
        limiter.acquire();
        clock.advance(Duration.ofSeconds(5));
        Instant before = clock.instant();
        limiter.acquire();
        limiter.acquire();
        // spaced for 12.5/s within the second (the budget of 10 is the limit), not all at once
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofMillis(80));
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

    @Test
    void aThrottledInstanceMakesAFifthFewerCallsPerSecond() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(5), clock, clock.sleeper());
        limiter.throttled();
        limiter.acquire(); // after the pause: 1.020 s
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.020Z"));
        assertThat(1 + budgetUsedIn(limiter)).as("calls in that second").isEqualTo(8);
    }

    @Test
    void aPermitIsValidOnlyInTheSecondsItWasCountedIn() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(500));
        ApiRateLimiter.Permit mid = limiter.acquire();
        assertThat(mid.validAt(clock.instant())).isTrue();
        assertThat(mid.validAt(clock.instant().plusMillis(600))).as("spent in the next second").isFalse();
        clock.advance(Duration.ofMillis(460)); // 0.960: at the edge, also counted in the next second
        ApiRateLimiter.Permit edge = limiter.acquire();
        assertThat(edge.validAt(clock.instant().plusMillis(100))).isTrue();
        assertThat(edge.validAt(clock.instant().plusMillis(1100))).isFalse();
    }

    @Test
    void aPermitGivenBackInItsSecondFreesItsPlaceAndAnExpiredOneIsVoid() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(2, Duration.ofSeconds(1), clock, clock.sleeper());
        ApiRateLimiter.Permit first = limiter.acquire();
        limiter.giveBack(first);
        limiter.acquire();
        limiter.acquire(); // the given-back place: still second 0
        assertThat(clock.instant().getEpochSecond()).isEqualTo(first.second());
        ApiRateLimiter.Permit next = limiter.acquire(); // second 1
        clock.advance(Duration.ofSeconds(1));
        limiter.giveBack(next);
        assertThat(limiter.expiredPermits()).isEqualTo(1);
        limiter.acquire();
        limiter.acquire();
        assertThat(clock.instant().getEpochSecond()).as("second 2 got its full budget").isEqualTo(next.second() + 1);
    }

    /** Calls made from now to the end of the current second, acquiring as fast as allowed. */
    private long budgetUsedIn(ApiRateLimiter limiter) {
        long second = clock.instant().getEpochSecond();
        long n = 0;
        try {
            while (true) {
                limiter.acquire();
                if (clock.instant().getEpochSecond() != second) {
                    return n;
                }
                n++;
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
