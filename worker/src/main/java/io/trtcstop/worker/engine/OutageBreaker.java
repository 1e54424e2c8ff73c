package io.trtcstop.worker.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an API outage from a command that fails on its own. When most recent calls fail with retryable errors the
 * breaker opens: no call starts, callers wait (spending none of their retry budget), the poll loop pauses fetching,
 * and after {@code openDuration} one probe call at a time tests the API until one succeeds.
 *
 * <p>The state machine is Resilience4j's (count-based window, half-open probes); this class adds what it lacks for
 * us: waiting instead of failing fast, and telling callers whether a failure was the outage's (not counted against
 * the command) or the command's own. Thread-safe.
 */
public final class OutageBreaker {

    /** Tuning; see the README ({@code BREAKER_*}). */
    public record Settings(int windowCalls, int minimumCalls, float failureRatePercent, Duration openDuration) {
        public Settings {
            if (windowCalls < 1 || minimumCalls < 1 || minimumCalls > windowCalls) {
                throw new IllegalArgumentException("need 1 <= minimumCalls <= windowCalls");
            }
            if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
                throw new IllegalArgumentException("failureRatePercent must be in (0, 100]");
            }
        }

        public static Settings defaults() {
            return new Settings(20, 10, 80, Duration.ofSeconds(5));
        }
    }

    /** What a caller learns when it reports a failed call. */
    public enum Verdict {
        /** The API is healthy otherwise: the failure is the command's own and counts against its budget. */
        COUNTS,
        /** The breaker is open or probing: an outage, not the command's fault; retry once the API is back. */
        OUTAGE
    }

    private static final Logger log = LoggerFactory.getLogger(OutageBreaker.class);
    private static final Duration MAX_NAP = Duration.ofMillis(200);
    private static final Exception FAILED_CALL = new Exception("retryable API failure") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // one shared marker; no stack needed
        }
    };

    private final CircuitBreaker breaker;
    private final Sleeper sleeper;

    public OutageBreaker(Settings settings, Clock clock, Sleeper sleeper) {
        this.sleeper = sleeper;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowCalls())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("trtc-api", config);
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            switch (transition.getToState()) {
                case OPEN -> {
                    if (transition.getFromState() == CircuitBreaker.State.CLOSED) {
                        log.warn("API outage suspected: most recent calls failed; pausing API calls and fetching, "
                                + "probing every {}", settings.openDuration());
                    } else {
                        log.debug("probe failed: the API is still down");
                    }
                }
                case CLOSED -> log.info("API answers again: resuming calls and fetching");
                default -> log.debug("breaker {}", event.getStateTransition());
            }
        });
    }

    /** Blocks while the breaker is open (or another probe is out); returns holding a permission to call. */
    public void awaitPermission() throws InterruptedException {
        while (!breaker.tryAcquirePermission()) {
            sleeper.sleep(MAX_NAP);
        }
    }

    /** For tests and tools: takes a permission if one is free now, without waiting. */
    boolean awaitPermissionQuietly() {
        return breaker.tryAcquirePermission();
    }

    /** The call answered (any answer but a retryable failure): the API is up. */
    public void succeeded(Duration took) {
        breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The call ended in a retryable failure. */
    public Verdict failed(Duration took) {
        boolean wasClosed = breaker.getState() == CircuitBreaker.State.CLOSED;
        breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, FAILED_CALL);
        return wasClosed && breaker.getState() == CircuitBreaker.State.CLOSED ? Verdict.COUNTS : Verdict.OUTAGE;
    }

    /** A permission was taken but no call made (interrupted, throttled before the wire). */
    public void released() {
        breaker.releasePermission();
    }

    /** True while calls are held back: the poll loop pauses fetching then. */
    public boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
    }

}
