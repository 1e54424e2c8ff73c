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

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger refreshes = new AtomicInteger();
    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(5));

    private StopAttempts attempts(RetryPolicy policy, DeleteResult... answers) {
        ArrayDeque<DeleteResult> script = new ArrayDeque<>(List.of(answers));
        ApiRateLimiter limiter = new ApiRateLimiter(1_000_000, Duration.ofSeconds(3), clock, clock.sleeper());
        return new StopAttempts(command -> script.size() > 1 ? script.poll() : script.peek(), policy, limiter,
                refreshes::incrementAndGet, clock, clock.sleeper(), new SplittableRandom(7));
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
        assertThat(Duration.between(gaveUp.attempts().first(), gaveUp.attempts().last()))
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
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
        // The limiter's 3 s pause applies before the retry, on top of the (smaller) backoff.
        assertThat(Duration.between(start, ((StopResult.Stopped) result).attempts().last()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
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
        }, policy, limiter, refreshes::incrementAndGet, clock, drain, new SplittableRandom(7));
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
