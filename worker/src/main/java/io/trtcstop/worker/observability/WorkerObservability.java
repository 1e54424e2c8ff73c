package io.trtcstop.worker.observability;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.engine.StopCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics, health and the HTTP port, put together for {@code WorkerWiring}: JVM and Kafka client meters, the
 * worker's own meters, the loop monitor and the health checks over it.
 */
public final class WorkerObservability implements AutoCloseable {

    /** The loop must turn at least this often; its longest legitimate pause is a blocked commit (60 s). */
    static final Duration LOOP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MIN_STALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(WorkerObservability.class);

    private final WorkerMetrics metrics;
    private final LoopMonitor loop;
    private final Duration stallTimeout;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile BooleanSupplier kafkaConnected = () -> false;
    private OpsEndpoint endpoint;

    private WorkerObservability(WorkerConfig config, WorkerMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.loop = new LoopMonitor(metrics, clock);
        this.stallTimeout = stallTimeout(config);
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(metrics.registry());
        }
        metrics.info("worker.info", "This instance's identity (1); two series with one instance_id is a conflict",
                "instance_id", config.instanceId(), "consumer_group", config.consumerGroup(),
                "version", version());
    }

    /** Builds the meters and starts serving {@code /metrics} and {@code /health/*} on HTTP_HOST:HTTP_PORT. */
    public static WorkerObservability start(WorkerConfig config, Clock clock) {
        WorkerObservability o = new WorkerObservability(config, WorkerMetrics.prometheus(), clock);
        WorkerHealth health = new WorkerHealth(o.loop, () -> o.kafkaConnected.getAsBoolean(), clock, LOOP_TIMEOUT,
                o.stallTimeout);
        o.endpoint = OpsEndpoint.start(config.httpHost(), config.httpPort(), o.metrics, health);
        o.closeables.add(o.endpoint);
        log.info("serving /metrics, /health/live and /health/ready on http://{}:{}", config.httpHost(),
                o.endpoint.port());
        return o;
    }

    /**
     * A partition is stalled when its committed offset has not moved, with records waiting, for longer than a
     * command may legitimately take: twice the retry budget with its last backoff and call, at least 5 min.
     */
    static Duration stallTimeout(WorkerConfig config) {
        Duration command = config.retryMaxElapsed().plus(config.retryMaxBackoff()).plus(config.requestTimeout());
        Duration twice = command.multipliedBy(2);
        return twice.compareTo(MIN_STALL_TIMEOUT) > 0 ? twice : MIN_STALL_TIMEOUT;
    }

    /** Kafka's own client metrics (lag, fetch and request rates, transactions...) for both clients. */
    public void bindKafka(Consumer<?, ?> consumer, Producer<?, ?> producer) {
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        consumerMetrics.bindTo(metrics.registry());
        producerMetrics.bindTo(metrics.registry());
        closeables.add(consumerMetrics);
        closeables.add(producerMetrics);
        kafkaConnected = () -> connected(consumer.metrics());
    }

    /** The consumer has at least one open broker connection (its own {@code connection-count} metric). */
    static boolean connected(Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics")
                    && e.getValue().metricValue() instanceof Number n && n.doubleValue() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The API call, measured. */
    public StopCall metered(StopCall call) {
        return new MeteredStopCall(call, metrics, System::nanoTime);
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public LoopMonitor loop() {
        return loop;
    }

    public int httpPort() {
        return endpoint.port();
    }

    private static String version() {
        String v = WorkerObservability.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
