package io.trtcstop.worker.engine;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.FailureClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command against the API until it has an answer. Before each call it passes three gates, in this order:
 * the outage breaker (no call while the API is down), a call slot ({@code MAX_IN_FLIGHT}, held from the rate permit
 * until the answer) and the rate limiter (the instance's share of the quota). The slot comes first so that a permit
 * is spent in the second it was granted for: when the API is slower than {@code MAX_IN_FLIGHT} / rate, commands
 * queue for slots, not with permits in hand that would all leave in one burst when the API recovers; a permit whose
 * second ended before its call could start is given back. It retries transient failures with backoff
 * and full jitter inside the {@link RetryPolicy}, retries once after refreshing credentials where that can help,
 * and gives up on permanent errors at once.
 *
 * <p>Only the command's own failures spend its budget: a throttled call, an outage's failures (see
 * {@link OutageBreaker}), and time spent waiting at the gates count neither as attempts nor as elapsed time. So no
 * outage, however long, dead-letters a command merely because time passed. Runs on a virtual thread; an interrupt
 * (shutdown, lost partition) abandons the command without an outcome.
 */
public final class StopAttempts {

    private static final Logger log = LoggerFactory.getLogger(StopAttempts.class);

    private final StopCall call;
    private final RetryPolicy policy;
    private final ApiRateLimiter limiter;
    private final OutageBreaker breaker;
    private final Semaphore callSlots;
    private final int maxInFlight;
    private final Runnable refreshCredentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * @param jitter uniform numbers in [0, 1) for backoff; called from many threads at once, so it must be
     *               thread-safe (e.g. {@code () -> ThreadLocalRandom.current().nextDouble()})
     */
    public StopAttempts(StopCall call, RetryPolicy policy, ApiRateLimiter limiter, OutageBreaker breaker,
                        int maxInFlight, Runnable refreshCredentials, Clock clock, Sleeper sleeper,
                        DoubleSupplier jitter) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.call = call;
        this.policy = policy;
        this.limiter = limiter;
        this.breaker = breaker;
        this.maxInFlight = maxInFlight;
        this.callSlots = new Semaphore(maxInFlight, true);
        this.refreshCredentials = refreshCredentials;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /** Calls on the wire right now. */
    public int inFlight() {
        return maxInFlight - callSlots.availablePermits();
    }

    public StopResult run(StopCommand command) {
        Instant first = null;
        Instant last = null;
        int calls = 0;      // every call made, for the outcome's Attempts
        int counted = 0;    // calls that spent the retry budget
        Duration spent = Duration.ZERO; // budget time: the counted calls and the backoff after them
        boolean refreshed = false;
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    return new StopResult.Abandoned("interrupted before attempt " + (calls + 1));
                }
                Timed timed = callThroughGates(command);
                calls++;
                last = timed.startedAt;
                if (first == null) {
                    first = last;
                }
                StopResult.Attempts tried = new StopResult.Attempts(calls, first, last);
                switch (timed.answer) {
                    case DeleteResult.Stopped stopped -> {
                        return new StopResult.Stopped(stopped.requestId(), tried);
                    }
                    case DeleteResult.AlreadyStopped already -> {
                        return new StopResult.AlreadyStopped(already.requestId(), tried, false);
                    }
                    case DeleteResult.Failed failed -> {
                        if (Thread.currentThread().isInterrupted()) {
                            return new StopResult.Abandoned("interrupted during attempt " + calls);
                        }
                        if (failed.throttled()) {
                            limiter.throttled(); // the limiter waits before the next call; no budget spent
                            continue;
                        }
                        switch (failed.failureClass()) {
                            case PERMANENT -> {
                                return gaveUp(FailureKind.PERMANENT_API_ERROR, failed, tried);
                            }
                            case RETRY_ONCE_AFTER_REFRESH -> {
                                counted++;
                                if (refreshed) {
                                    return gaveUp(FailureKind.PERMANENT_API_ERROR, failed, tried);
                                }
                                if (counted >= policy.maxAttempts()) {
                                    return gaveUp(FailureKind.RETRIES_EXHAUSTED, failed, tried);
                                }
                                refreshed = true;
                                log.warn("{} for task {}: refreshing credentials and retrying once",
                                        failed.code(), command.taskId());
                                refreshCredentials.run();
                            }
                            case RETRYABLE -> {
                                if (timed.verdict == OutageBreaker.Verdict.OUTAGE) {
                                    log.debug("{} for task {} during an outage: waiting for the API, budget kept",
                                            failed.code(), command.taskId());
                                    continue; // the breaker holds the next call until the API answers
                                }
                                counted++;
                                spent = spent.plus(timed.took);
                                Duration delay = policy.backoff(counted, jitter.getAsDouble());
                                if (!policy.allowsRetry(counted, spent, delay)) {
                                    return gaveUp(FailureKind.RETRIES_EXHAUSTED, failed, tried);
                                }
                                log.debug("{} for task {} (attempt {}), retrying in {} ms",
                                        failed.code(), command.taskId(), counted, delay.toMillis());
                                sleeper.sleep(delay);
                                spent = spent.plus(delay);
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StopResult.Abandoned("interrupted after " + calls + " attempts");
        }
    }

    private record Timed(DeleteResult answer, Instant startedAt, Duration took, OutageBreaker.Verdict verdict) {}

    /** One call, after the breaker, the limiter and a call slot let it through; reports the answer to the breaker. */
    private Timed callThroughGates(StopCommand command) throws InterruptedException {
        breaker.awaitPermission();
        boolean reported = false;
        try {
            Instant start;
            DeleteResult answer;
            callSlots.acquire(); // before the permit: a permit must not wait for a slot past its second
            try {
                start = startInTheSecondOfAPermit();
                try {
                    answer = call.stop(command);
                } finally {
                    limiter.callEnded();
                }
            } finally {
                callSlots.release();
            }
            Duration took = Duration.between(start, clock.instant());
            OutageBreaker.Verdict verdict = OutageBreaker.Verdict.COUNTS;
            if (answer instanceof DeleteResult.Failed f && f.failureClass() == FailureClass.RETRYABLE
                    && !f.throttled()) {
                verdict = breaker.failed(took);
            } else {
                breaker.succeeded(took);
            }
            reported = true;
            return new Timed(answer, start, took, verdict);
        } finally {
            if (!reported) {
                breaker.released();
            }
        }
    }

    /** Takes a rate permit and returns when the call starts, in a second the permit was counted in. */
    private Instant startInTheSecondOfAPermit() throws InterruptedException {
        while (true) {
            ApiRateLimiter.Permit permit = limiter.acquire();
            Instant start = clock.instant();
            if (permit.validAt(start)) {
                return start;
            }
            limiter.giveBack(permit); // its second is over: never spent later
        }
    }

    private static StopResult.GaveUp gaveUp(FailureKind kind, DeleteResult.Failed failed, StopResult.Attempts tried) {
        return new StopResult.GaveUp(kind, failed.code(), failed.message(), failed.requestId(), tried);
    }
}
