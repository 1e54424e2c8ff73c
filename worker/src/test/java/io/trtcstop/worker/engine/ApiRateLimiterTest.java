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
            call(limiter);
            if (previous != null) {
                assertThat(Duration.between(previous, clock.instant())).isEqualTo(Duration.ofNanos(34_482_758));
            }
            previous = clock.instant();
        }
        assertThat(previous).as("the last call, before the window closes").isBefore(start.plusMillis(800));
        call(limiter); // the 21st waits for the next second's calling window
        assertThat(clock.instant()).isEqualTo(start.plusMillis(1110));
    }

    @Test
    void callsStartOnlyInTheMiddleOfASecondSoClocks100msApartAgreeOnTheirWindow() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofSeconds(1), clock, clock.sleeper());
        call(limiter); // at 0.000 a host 100 ms ahead of the API would call in the API's previous second
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00.110Z"));
        clock.advance(Duration.ofMillis(690)); // 0.800: a host 100 ms behind, a call 100 ms on its way: next second
        call(limiter);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.110Z"));
    }

    @Test
    void aGroupSliceGetsItsBudgetInEverySecond() throws InterruptedException {
        QuotaSlice slice = new QuotaSlice(20, 13.5, 20);
        ApiRateLimiter limiter = new ApiRateLimiter(slice, Duration.ofSeconds(1), clock, clock.sleeper());
        java.util.Map<Long, Integer> calls = new java.util.TreeMap<>();
        for (int i = 0; i < 200; i++) {
            call(limiter);
            calls.merge(clock.instant().getEpochSecond(), 1, Integer::sum);
        }
        calls.forEach((second, n) -> assertThat(n).as("second " + second).isLessThanOrEqualTo(slice.budget(second)));
        calls.remove(clock.instant().getEpochSecond()); // the last second may be partly used
        calls.forEach((second, n) -> assertThat(n).as("second " + second).isEqualTo(slice.budget(second)));
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(1), clock, clock.sleeper());
        call(limiter);
        clock.advance(Duration.ofSeconds(5));
        Instant before = clock.instant();
        call(limiter);
        call(limiter);
        // spaced for 14.5/s within the second (the budget of 10 is the limit), not all at once
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofNanos(68_965_517));
    }

    @Test
    void throttlingPausesEveryoneUntilTheApisNextWindow() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofSeconds(2), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(300));
        call(limiter);
        limiter.throttled();
        call(limiter);
        // The API counts per second: the next window starts at 1.000 s; calls start 110 ms into it.
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.110Z"));
    }

    @Test
    void thePauseNeverExceedsTheConfiguredOne() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(1000, Duration.ofMillis(200), clock, clock.sleeper());
        clock.advance(Duration.ofMillis(100));
        call(limiter);
        Instant throttledAt = clock.instant();
        limiter.throttled();
        call(limiter);
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
        clock.advance(Duration.ofMillis(1110 + 2000)); // the pause, then 2 s: +10% of the share per second
        assertThat(limiter.currentRate()).isCloseTo(8.4, org.assertj.core.data.Offset.offset(1e-9));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.currentRate()).isEqualTo(10.0);
    }

    @Test
    void aThrottledInstanceMakesAFifthFewerCallsPerSecond() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(10, Duration.ofSeconds(5), clock, clock.sleeper());
        limiter.throttled();
        call(limiter); // after the pause: 1.110 s
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.110Z"));
        assertThat(1 + budgetUsedIn(limiter)).as("calls in that second").isEqualTo(8);
    }

    @Test
    void aThrottledOneCallSliceKeepsCallingInMostSecondsInsteadOfStopping() throws InterruptedException {
        // A member whose share is one call per second: the cut (x0.8) must not round its budget down to nothing.
        ApiRateLimiter limiter = new ApiRateLimiter(new QuotaSlice(20, 7, 8), Duration.ofMillis(1), clock,
                clock.sleeper());
        limiter.throttled();
        Instant start = clock.instant();
        java.util.Set<Long> secondsWithACall = new java.util.TreeSet<>();
        for (int i = 0; i < 5; i++) {
            call(limiter);
            secondsWithACall.add(clock.instant().getEpochSecond());
        }
        long seconds = clock.instant().getEpochSecond() - start.getEpochSecond() + 1;
        assertThat(seconds).as("5 calls at a rate cut to 0.8..1 per second").isBetween(5L, 7L);
        assertThat(secondsWithACall).hasSize(5);
    }

    @Test
    void aPermitIsValidOnlyInTheSecondItWasCountedInAndNotNearItsEnd() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, clock.sleeper());
        call(limiter); // at 0.110: the first call, which ends; the limiter is warm
        clock.advance(Duration.ofMillis(390));
        ApiRateLimiter.Permit permit = call(limiter);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00.500Z"));
        assertThat(permit.validAt(clock.instant())).isTrue();
        assertThat(permit.validAt(clock.instant().plusMillis(390))).as("0.890: the call might reach the next window")
                .isTrue();
        assertThat(permit.validAt(clock.instant().plusMillis(400))).as("0.900: the call might reach the next window")
                .isFalse();
        assertThat(permit.validAt(clock.instant().plusMillis(600))).as("spent in the next second").isFalse();
    }

    @Test
    void aPermitGivenBackInItsSecondFreesItsPlaceAndAnExpiredOneIsVoid() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(2, Duration.ofSeconds(1), clock, clock.sleeper());
        ApiRateLimiter.Permit first = call(limiter);
        limiter.giveBack(first);
        call(limiter);
        call(limiter); // the given-back place: still second 0
        assertThat(clock.instant().getEpochSecond()).isEqualTo(first.second());
        ApiRateLimiter.Permit next = call(limiter); // second 1
        clock.advance(Duration.ofSeconds(1));
        limiter.giveBack(next);
        assertThat(limiter.expiredPermits()).isEqualTo(1);
        call(limiter);
        call(limiter);
        assertThat(clock.instant().getEpochSecond()).as("second 2 got its full budget").isEqualTo(next.second() + 1);
    }

    /** Calls made from now to the end of the current second, acquiring as fast as allowed. */
    private long budgetUsedIn(ApiRateLimiter limiter) {
        long second = clock.instant().getEpochSecond();
        long n = 0;
        try {
            while (true) {
                call(limiter);
                if (clock.instant().getEpochSecond() != second) {
                    return n;
                }
                n++;
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void untilTheFirstCallEndsCallsGoOneAtATimeAndOnlyInTheFirstHalfOfASecond() throws InterruptedException {
        ApiRateLimiter limiter = new ApiRateLimiter(20, Duration.ofSeconds(1), clock, wait -> {
            throw new WouldWait();
        });
        clock.advance(Duration.ofMillis(600)); // a cold first call now could reach the API after 1.000
        assertThat(grants(limiter)).as("cold, late in the second").isFalse();
        clock.advance(Duration.ofMillis(510)); // 1.110
        assertThat(grants(limiter)).isTrue();
        clock.advance(Duration.ofMillis(50));
        assertThat(grants(limiter)).as("the first call is still out").isFalse();
        limiter.callEnded();
        assertThat(grants(limiter)).as("warm: the next call goes at once").isTrue();
        clock.advance(Duration.ofMillis(1_440)); // 2.600
        assertThat(grants(limiter)).as("warm: the calling window lasts until 200 ms before the end").isTrue();
    }

    private static final class WouldWait extends RuntimeException {
        WouldWait() {
            super(null, null, false, false);
        }
    }

    private static boolean grants(ApiRateLimiter limiter) throws InterruptedException {
        try {
            limiter.acquire();
            return true;
        } catch (WouldWait wait) {
            return false;
        }
    }

    /** One call through {@code limiter} that ends at once (the pacing, not the call, is under test). */
    private static ApiRateLimiter.Permit call(ApiRateLimiter limiter) throws InterruptedException {
        ApiRateLimiter.Permit permit = limiter.acquire();
        limiter.callEnded();
        return permit;
    }
}
