package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.testing.ManualClock;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.FailureClass;
import io.trtcstop.worker.trtc.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopAttemptsTest {

    private static final StopCommand COMMAND =
            new StopCommand(1400000001L, "task-1", Region.AP_SINGAPORE, null, null, null);
    private static final DeleteResult OK = new DeleteResult.Stopped("task-1", "req-ok");
    private static final DeleteResult GONE = new DeleteResult.AlreadyStopped("req-gone", "The resource does not exist.");
    private static final DeleteResult INTERNAL =
            new DeleteResult.Failed("InternalError", "boom", "req-500", FailureClass.RETRYABLE);
    private static final DeleteResult THROTTLED =
            new DeleteResult.Failed("RequestLimitExceeded", "slow down", "req-429", FailureClass.RETRYABLE);
    private static final DeleteResult DENIED = new DeleteResult.Failed("AuthFailure.UnauthorizedOperation", "no",
            "req-403", FailureClass.PERMANENT);
    private static final DeleteResult EXPIRED = new DeleteResult.Failed("AuthFailure.SignatureExpire", "skew",
            "req-401", FailureClass.RETRY_ONCE_AFTER_REFRESH);

    // 200 ms into a second: the limiter lets calls start from 110 ms into each second
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00.200Z"));
    private final AtomicInteger refreshes = new AtomicInteger();
    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(5));

    // Its waits move the clock but are not among clock.sleeps(), which the tests read as the backoffs.
    private final ApiRateLimiter limiter = new ApiRateLimiter(1_000_000, Duration.ofSeconds(3), clock, clock::advance);
    private final OutageBreaker breaker = new OutageBreaker(new OutageBreaker.Settings(10, 10, 80,
            Duration.ofSeconds(5)), clock, clock.sleeper());
    private final SplittableRandom random = new SplittableRandom(7);

    private StopAttempts attempts(RetryPolicy policy, DeleteResult... answers) {
        ArrayDeque<DeleteResult> script = new ArrayDeque<>(List.of(answers));
        return attempts(policy, command -> script.size() > 1 ? script.poll() : script.peek());
    }

    private StopAttempts attempts(RetryPolicy policy, StopCall call) {
        return new StopAttempts(call, policy, limiter, breaker, 4, refreshes::incrementAndGet, clock,
                clock.sleeper(), random::nextDouble);
    }

    @Test
    void successOnTheFirstCall() {
        StopResult result = attempts(policy, OK).run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        StopResult.Stopped stopped = (StopResult.Stopped) result;
        assertThat(stopped.requestId()).isEqualTo("req-ok");
        assertThat(stopped.attempts().count()).isEqualTo(1);
        assertThat(stopped.attempts().first()).isEqualTo(stopped.attempts().last());
    }

    @Test
    void resourceNotFoundMeansAlreadyStoppedWithoutRetry() {
        StopResult result = attempts(policy, GONE, OK).run(COMMAND);
        assertThat(result).isEqualTo(new StopResult.AlreadyStopped("req-gone",
                new StopResult.Attempts(1, clock.instant(), clock.instant()), false));
    }

    @Test
    void transientErrorsAreRetriedWithJitteredExponentialBackoff() {
        StopResult result = attempts(policy, INTERNAL, INTERNAL, INTERNAL, OK).run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        assertThat(((StopResult.Stopped) result).attempts().count()).isEqualTo(4);
        List<Duration> backoffs = clock.sleeps().stream().filter(Duration::isPositive).toList();
        assertThat(backoffs).hasSize(3);
        assertThat(backoffs.get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(backoffs.get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(backoffs.get(2)).isLessThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void permanentErrorsGiveUpAtOnce() {
        StopResult result = attempts(policy, DENIED, OK).run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.GaveUp.class);
        StopResult.GaveUp gaveUp = (StopResult.GaveUp) result;
        assertThat(gaveUp.kind()).isEqualTo(FailureKind.PERMANENT_API_ERROR);
        assertThat(gaveUp.code()).isEqualTo("AuthFailure.UnauthorizedOperation");
        assertThat(gaveUp.requestId()).isEqualTo("req-403");
        assertThat(gaveUp.attempts().count()).isEqualTo(1);
    }

    @Test
    void theAttemptBudgetEndsRetries() {
        StopResult result = attempts(policy, INTERNAL).run(COMMAND);
        StopResult.GaveUp gaveUp = (StopResult.GaveUp) result;
        assertThat(gaveUp.kind()).isEqualTo(FailureKind.RETRIES_EXHAUSTED);
        assertThat(gaveUp.code()).isEqualTo("InternalError");
        assertThat(gaveUp.attempts().count()).isEqualTo(5);
        assertThat(gaveUp.attempts().last()).isAfter(gaveUp.attempts().first());
    }

    @Test
    void theTimeBudgetEndsRetries() {
        RetryPolicy shortBudget = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofMillis(400),
                Duration.ofMillis(400));
        StopResult.GaveUp gaveUp = (StopResult.GaveUp) attempts(shortBudget, INTERNAL).run(COMMAND);
        assertThat(gaveUp.kind()).isEqualTo(FailureKind.RETRIES_EXHAUSTED);
        // The budget counts calls and backoffs, not the limiter's waits for a second's calling window (<= 310 ms each).
        assertThat(Duration.between(gaveUp.attempts().first(), gaveUp.attempts().last()))
                .isLessThanOrEqualTo(Duration.ofSeconds(1).plusMillis(310L * gaveUp.attempts().count()));
        assertThat(gaveUp.attempts().count()).isLessThan(100);
    }

    @Test
    void signatureExpiryIsRetriedOnceAfterRefreshingCredentials() {
        StopResult result = attempts(policy, EXPIRED, OK).run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void signatureExpiryTwiceIsPermanent() {
        StopResult.GaveUp gaveUp = (StopResult.GaveUp) attempts(policy, EXPIRED).run(COMMAND);
        assertThat(gaveUp.kind()).isEqualTo(FailureKind.PERMANENT_API_ERROR);
        assertThat(gaveUp.attempts().count()).isEqualTo(2);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void throttlingSlowsTheWholeInstanceDown() {
        Instant start = clock.instant();
        StopResult result = attempts(policy, THROTTLED, OK).run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        // The limiter pauses until the API's next one-second window before the next call, and cuts its rate.
        assertThat(((StopResult.Stopped) result).attempts().last())
                .isAfterOrEqualTo(Instant.ofEpochSecond(start.getEpochSecond() + 1));
        assertThat(limiter.throttleCount()).isEqualTo(1);
        assertThat(limiter.currentRate()).isLessThan(1_000_000);
    }

    @Test
    void throttledCallsSpendNoRetryBudget() {
        RetryPolicy twoAttempts = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofMillis(100));
        StopResult result = attempts(twoAttempts, THROTTLED, THROTTLED, THROTTLED, THROTTLED, INTERNAL, OK)
                .run(COMMAND);
        // Four throttled calls and their pauses (12 s, beyond the 1 s budget) cost nothing; one real failure did.
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        assertThat(((StopResult.Stopped) result).attempts().count()).isEqualTo(6);
    }

    @Test
    void backoffBoundsDoubleUpToTheCap() {
        RetryPolicy doubling = new RetryPolicy(6, Duration.ofMinutes(5), Duration.ofMillis(100),
                Duration.ofMillis(800));
        StopAttempts maxJitter = new StopAttempts(command -> INTERNAL, doubling, limiter, breaker, 4,
                refreshes::incrementAndGet, clock, clock.sleeper(), () -> 0.999_999);
        maxJitter.run(COMMAND);
        List<Long> backoffs = clock.sleeps().stream().filter(Duration::isPositive).map(Duration::toMillis).toList();
        assertThat(backoffs).containsExactly(99L, 199L, 399L, 799L, 799L);
    }

    @Test
    void aCallSlotIsHeldOnlyWhileTheCallIsOnTheWire() {
        List<Integer> inFlightDuringCalls = new java.util.ArrayList<>();
        StopAttempts[] self = new StopAttempts[1];
        ArrayDeque<DeleteResult> script = new ArrayDeque<>(List.of(INTERNAL, INTERNAL, OK));
        self[0] = attempts(policy, command -> {
            inFlightDuringCalls.add(self[0].inFlight());
            return script.poll();
        });
        assertThat(self[0].run(COMMAND)).isInstanceOf(StopResult.Stopped.class);
        assertThat(inFlightDuringCalls).containsExactly(1, 1, 1);
        assertThat(self[0].inFlight()).isZero(); // none held across the backoffs or after
    }

    @Test
    void anOutageOfAnyLengthSpendsNoBudgetAndTheCommandStopsOnceTheApiIsBack() {
        RetryPolicy tight = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMillis(100));
        Instant outageEnds = clock.instant().plus(Duration.ofMinutes(30));
        AtomicInteger calls = new AtomicInteger();
        StopAttempts run = attempts(tight, command -> {
            calls.incrementAndGet();
            return clock.instant().isBefore(outageEnds) ? INTERNAL : OK;
        });
        // Others fail too: the breaker sees the outage (10 failed calls in its window of 10).
        for (int i = 0; i < 9; i++) {
            breaker.awaitPermissionQuietly();
            breaker.failed(Duration.ofMillis(5));
        }
        StopResult result = run.run(COMMAND);
        assertThat(result).isInstanceOf(StopResult.Stopped.class);
        assertThat(clock.instant()).isAfterOrEqualTo(outageEnds);
        // Probes every 5 s for 30 minutes, yet the command was not dead-lettered after 3 attempts or 10 s.
        assertThat(calls.get()).isGreaterThan(100);
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void aCommandThatFailsWhileOthersSucceedStillEndsOnItsBudget() {
        for (int i = 0; i < 9; i++) {
            breaker.awaitPermissionQuietly();
            breaker.succeeded(Duration.ofMillis(5));
        }
        StopResult.GaveUp gaveUp = (StopResult.GaveUp) attempts(policy, INTERNAL).run(COMMAND);
        assertThat(gaveUp.kind()).isEqualTo(FailureKind.RETRIES_EXHAUSTED);
        assertThat(gaveUp.attempts().count()).isEqualTo(5);
    }

    @Test
    void onceDrainingNoNewCallStartsAndBackoffsEndAtOnce() {
        DrainSignal drain = new DrainSignal();
        AtomicInteger calls = new AtomicInteger();
        ApiRateLimiter limiter = new ApiRateLimiter(1_000_000, Duration.ofSeconds(3), clock, drain);
        StopAttempts draining = new StopAttempts(command -> {
            calls.incrementAndGet();
            drain.raise(); // the worker starts to stop while this call is on the wire
            return INTERNAL;
        }, policy, limiter, new OutageBreaker(OutageBreaker.Settings.defaults(), clock, drain), 4,
                refreshes::incrementAndGet, clock, drain, random::nextDouble);
        try {
            assertThat(draining.run(COMMAND)).isInstanceOf(StopResult.Abandoned.class);
            assertThat(calls).hasValue(1); // the call on the wire finished; no retry started
            assertThat(draining.run(COMMAND)).isInstanceOf(StopResult.Abandoned.class);
            assertThat(calls).hasValue(1); // nothing new starts at all
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptedCommandIsAbandonedWithoutAnOutcome() {
        Thread.currentThread().interrupt();
        try {
            assertThat(attempts(policy, OK).run(COMMAND)).isInstanceOf(StopResult.Abandoned.class);
        } finally {
            Thread.interrupted();
        }
    }
}
