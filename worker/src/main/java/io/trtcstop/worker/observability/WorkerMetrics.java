package io.trtcstop.worker.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The worker's own meters, named for what happened rather than how it is measured. Every name starts with
 * {@code trtc.stop.} (Prometheus: {@code trtc_stop_...}); tags hold only bounded values (statuses, kinds, API
 * error codes of a known set, any other code as {@code Other}: {@link ApiCodeTag}), never a TaskId or anything
 * secret. The README's Operations section lists them.
 */
public final class WorkerMetrics {

    /** API latency buckets: the emulator answers in ~1 ms, the real API in tens of ms, timeouts at seconds. */
    private static final Duration[] API_LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** Command age buckets: from "handled at once" to "waited out a long outage". */
    private static final Duration[] COMMAND_AGE_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30)};

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;

    private WorkerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /** What the worker runs with: a Prometheus registry that {@link #scrape()} renders. */
    public static WorkerMetrics prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new WorkerMetrics(registry, registry);
    }

    /** For tests and tools: meters are kept in memory and can be read back through {@link #registry()}. */
    public static WorkerMetrics inMemory() {
        return new WorkerMetrics(new SimpleMeterRegistry(), null);
    }

    /** The registry, for binders (JVM, Kafka clients) and for meters of other parts. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("an in-memory registry has no Prometheus exposition");
        }
        return prometheus.scrape();
    }

    /**
     * One {@code DeleteCloudTranscription} call ended with {@code code}: {@code OK}, {@code ResourceNotFound},
     * the API's error code, or the worker's own ({@code Transport.*}, ...).
     */
    public void apiCall(String code, Duration latency) {
        Timer.builder("trtc.stop.api.call.duration")
                .description("DeleteCloudTranscription calls by answer code, and their latency")
                .tag("code", ApiCodeTag.of(code))
                .serviceLevelObjectives(API_LATENCY_BUCKETS)
                .register(registry)
                .record(latency);
    }

    /** A call is being repeated because the previous one for the same command failed with {@code code}. */
    public void retry(String code) {
        Counter.builder("trtc.stop.api.retries")
                .description("API calls repeated after a failed one, by the code that caused the retry")
                .tag("code", ApiCodeTag.of(code))
                .register(registry)
                .increment();
    }

    /**
     * A command's outcome was committed with {@code status} (STOPPED, ALREADY_STOPPED, DEAD_LETTERED);
     * {@code age} is the commit time minus the command record's timestamp.
     */
    public void outcomeCommitted(String status, Duration age) {
        Counter.builder("trtc.stop.commands")
                .description("Commands whose outcome is committed, by outcome status")
                .tag("status", status)
                .register(registry)
                .increment();
        Timer.builder("trtc.stop.command.age")
                .description("Time from the command record's timestamp to its outcome's commit")
                .serviceLevelObjectives(COMMAND_AGE_BUCKETS)
                .register(registry)
                .record(age.isNegative() ? Duration.ZERO : age);
    }

    /** A dead letter was committed; {@code kind} is the {@code dlq.error.kind} header, {@code code} the error code. */
    public void deadLettered(String kind, String code) {
        Counter.builder("trtc.stop.dead.letters")
                .description("Dead letters committed, by error kind and code")
                .tag("kind", kind)
                .tag("code", ApiCodeTag.of(code))
                .register(registry)
                .increment();
    }

    /** How long a call waited for the rate limiter (for the engine's limiter to report). */
    public void rateLimiterWait(Duration waited) {
        Timer.builder("trtc.stop.rate.limiter.wait")
                .description("Time API calls waited for the instance's rate limiter")
                .serviceLevelObjectives(API_LATENCY_BUCKETS)
                .register(registry)
                .record(waited);
    }

    /** A value read at each scrape, e.g. in-flight commands; {@code name} without the {@code trtc.stop.} prefix. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder("trtc.stop." + name, value)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** A count kept elsewhere (e.g. by the credentials provider), read at each scrape; never goes down. */
    public <T> void counter(String name, String description, T owner, java.util.function.ToDoubleFunction<T> count,
                            String... tags) {
        io.micrometer.core.instrument.FunctionCounter.builder("trtc.stop." + name, owner, count)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** A value that is 1 for the tags given, e.g. the worker's identity. */
    public void info(String name, String description, String... tags) {
        Gauge.builder("trtc.stop." + name, () -> 1)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
