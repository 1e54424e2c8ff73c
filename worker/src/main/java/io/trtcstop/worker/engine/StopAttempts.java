package io.trtcstop.worker.engine;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.DeleteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command against the API until it has an answer: calls at the instance's pace, retries transient
 * failures with backoff and full jitter inside the {@link RetryPolicy}, retries once after refreshing
 * credentials where that can help, and gives up on permanent errors at once. Runs on a virtual thread;
 * an interrupt (shutdown, lost partition) abandons the command without an outcome.
 */
public final class StopAttempts {

    private static final Logger log = LoggerFactory.getLogger(StopAttempts.class);

    private final StopCall call;
    private final RetryPolicy policy;
    private final ApiRateLimiter limiter;
    private final Runnable refreshCredentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator jitter;

    public StopAttempts(StopCall call, RetryPolicy policy, ApiRateLimiter limiter, Runnable refreshCredentials,
                        Clock clock, Sleeper sleeper, RandomGenerator jitter) {
        this.call = call;
        this.policy = policy;
        this.limiter = limiter;
        this.refreshCredentials = refreshCredentials;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    public StopResult run(StopCommand command) {
        Instant first = null;
        Instant last = null;
        int attempts = 0;
        boolean refreshed = false;
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    return new StopResult.Abandoned("interrupted before attempt " + (attempts + 1));
                }
                limiter.acquire();
                last = clock.instant();
                if (first == null) {
                    first = last;
                }
                attempts++;
                DeleteResult answer = call.stop(command);
                StopResult.Attempts tried = new StopResult.Attempts(attempts, first, last);
                switch (answer) {
                    case DeleteResult.Stopped stopped -> {
                        return new StopResult.Stopped(stopped.requestId(), tried);
                    }
                    case DeleteResult.AlreadyStopped already -> {
                        return new StopResult.AlreadyStopped(already.requestId(), tried, false);
                    }
                    case DeleteResult.Failed failed -> {
                        if (Thread.currentThread().isInterrupted()) {
                            return new StopResult.Abandoned("interrupted during attempt " + attempts);
                        }
                        if (failed.throttled()) {
                            limiter.throttled();
                        }
                        switch (failed.failureClass()) {
                            case PERMANENT -> {
                                return gaveUp(FailureKind.PERMANENT_API_ERROR, failed, tried);
                            }
                            case RETRY_ONCE_AFTER_REFRESH -> {
                                if (refreshed) {
                                    return gaveUp(FailureKind.PERMANENT_API_ERROR, failed, tried);
                                }
                                if (attempts >= policy.maxAttempts()) {
                                    return gaveUp(FailureKind.RETRIES_EXHAUSTED, failed, tried);
                                }
                                refreshed = true;
                                log.warn("{} for task {}: refreshing credentials and retrying once",
                                        failed.code(), command.taskId());
                                refreshCredentials.run();
                            }
                            case RETRYABLE -> {
                                Duration delay = policy.backoff(attempts, jitter.nextDouble());
                                Duration elapsed = Duration.between(first, clock.instant());
                                if (!policy.allowsRetry(attempts, elapsed, delay)) {
                                    return gaveUp(FailureKind.RETRIES_EXHAUSTED, failed, tried);
                                }
                                log.debug("{} for task {} (attempt {}), retrying in {} ms",
                                        failed.code(), command.taskId(), attempts, delay.toMillis());
                                sleeper.sleep(delay);
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StopResult.Abandoned("interrupted after " + attempts + " attempts");
        }
    }

    private static StopResult.GaveUp gaveUp(FailureKind kind, DeleteResult.Failed failed, StopResult.Attempts tried) {
        return new StopResult.GaveUp(kind, failed.code(), failed.message(), failed.requestId(), tried);
    }
}
