package io.trtcstop.worker;

import io.trtcstop.worker.command.CommandDecoder;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.credentials.CredentialChain;
import io.trtcstop.worker.engine.ApiRateLimiter;
import io.trtcstop.worker.engine.DrainSignal;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.RetryPolicy;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import io.trtcstop.worker.observability.CommittedLag;
import io.trtcstop.worker.observability.WorkerMetrics;
import io.trtcstop.worker.observability.WorkerObservability;
import io.trtcstop.worker.outcome.OutcomeRecords;
import io.trtcstop.worker.trtc.CredentialsProvider;
import io.trtcstop.worker.trtc.TrtcClient;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import io.trtcstop.worker.engine.OutageBreaker;
import io.trtcstop.worker.kafka.AbandonedTransactions;
import io.trtcstop.worker.kafka.GroupQuota;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.LoggerFactory;

/** The one place where the worker's parts are put together. */
public final class WorkerWiring {

    private WorkerWiring() {
    }

    /**
     * Lets tests wrap the real Kafka clients (e.g. to make the Nth commit fail); production passes them through.
     */
    public interface KafkaClientDecorator {
        KafkaClientDecorator NONE = new KafkaClientDecorator() {};

        default Consumer<byte[], byte[]> consumer(Consumer<byte[], byte[]> consumer) {
            return consumer;
        }

        default Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer) {
            return producer;
        }
    }

    /**
     * A departed member's transaction open this long is abandoned: ours last well under a second, and a live
     * member's slow commit (a failover) is never touched, since a live member is still in the group.
     */
    private static final Duration ABANDONED_AFTER = Duration.ofSeconds(2);
    private static final Duration ABANDONED_SCAN_EVERY = Duration.ofSeconds(2);

    /** Checks Kafka, builds every part and starts the poll loop on its own thread. */
    public static StopWorker start(WorkerConfig config) {
        return start(config, KafkaClientDecorator.NONE);
    }

    public static StopWorker start(WorkerConfig config, KafkaClientDecorator decorate) {
        KafkaClients kafka = new KafkaClients(config);
        kafka.checkTopicsExist();
        int maxDeadLetterBytes;
        try (Admin admin = kafka.admin()) {
            maxDeadLetterBytes = kafka.maxDeadLetterBytes(admin);
        }

        Clock clock = hostClock();
        WorkerObservability observability;
        try {
            observability = WorkerObservability.start(config, clock); // /metrics, /health/*
        } catch (java.io.UncheckedIOException e) {
            throw new KafkaClients.StartupException(e.getMessage() + ": " + e.getCause().getMessage());
        }
        TrtcClientConfig clientConfig = config.trtcClientConfig();
        CredentialsProvider credentials = CredentialChain.open(config.credentials(), clock);
        TrtcClient client = new TrtcClient(clientConfig, credentials, TrtcClient.defaultHttpClient(clientConfig), clock);

        DrainSignal drain = new DrainSignal(); // every engine wait ends when the worker starts to stop
        ApiRateLimiter limiter = new ApiRateLimiter(config.fixedRate() ? config.apiRatePerSecond()
                : config.accountRatePerSecond(), config.throttlePause(), clock, drain);
        GroupQuota quota = config.fixedRate() ? null : new GroupQuota(kafka.admin(), config.consumerGroup(),
                config.stopTopic(), config.accountRatePerSecond(), limiter, GroupQuota.REFRESH_EVERY,
                config.commitInterval(), clock);
        OutageBreaker breaker = new OutageBreaker(new OutageBreaker.Settings(20, 10,
                config.breakerFailureRatePercent(), config.breakerOpenDuration()), clock, drain);
        RetryPolicy retry = new RetryPolicy(config.retryMaxAttempts(), config.retryMaxElapsed(),
                config.retryInitialBackoff(), config.retryMaxBackoff());
        StopAttempts attempts = new StopAttempts(
                observability.metered(
                        command -> client.deleteCloudTranscription(command.sdkAppId(), command.taskId(), command.region())),
                retry, limiter, breaker, config.maxInFlight(), credentials::refresh, clock, drain,
                () -> ThreadLocalRandom.current().nextDouble());

        var consumer = kafka.consumer();
        var producer = kafka.producer();
        observability.bindKafka(consumer, producer);
        WorkerMetrics metrics = observability.metrics();
        metrics.gauge("circuit.breaker.open", "1 while the outage breaker holds API calls back (open or probing)",
                () -> breaker.isOpen() ? 1 : 0);
        metrics.gauge("api.rate.current.per.second", "API calls per second the limiter paces to now (after throttling)",
                limiter::currentRate);
        // The rate in force: the fixed TRTC_RATE_LIMIT, else this instance's share of TRTC_ACCOUNT_RATE_LIMIT.
        metrics.gauge("api.rate.limit.per.second", "API calls per second this instance allows itself now",
                limiter::share);
        metrics.counter("credential.refresh.failures", "Failed refreshes of the credentials (files, profile, STS, "
                + "instance metadata); the current ones stay in use until they expire", credentials,
                CredentialsProvider::refreshFailures, "source", config.credentials().chosenSource().setting());
        metrics.gauge("api.clock.skew.seconds", "API clock minus host clock, once an answer showed 30 s or more",
                client.clockSkew()::seconds);
        if (quota != null) {
            quota.reportOffsetsTo(new CommittedLag(metrics.registry(), config.stopTopic()));
            quota.watchWritesTo(config.outcomeTopic());
        }
        metrics.gauge("api.quota.share.per.second", "This instance's share of the account quota, calls per second",
                limiter::share);
        metrics.gauge("api.throttle.cuts", "How often throttling answers cut this instance's rate", limiter::throttleCount);
        metrics.gauge("api.calls.on.wire", "API calls on the wire right now (MAX_IN_FLIGHT bounds it)", attempts::inFlight);
        StopWorker worker = new StopWorker(
                new StopWorker.Settings(config.stopTopic(), config.maxBufferedRecords(), config.maxBufferedBytes(),
                        config.commitInterval(), config.commitMaxRecords(), config.shutdownGrace(),
                        config.leaveGroupOnShutdown()),
                decorate.consumer(consumer),
                decorate.producer(producer),
                new CommandDecoder(config.maxCommandBytes(), config.defaultRegion()),
                attempts,
                breaker,
                new RecentlyStopped(config.dedupCapacity(), config.dedupTtl(), clock),
                new OutcomeRecords(config.outcomeTopic(), config.deadLetterTopic(), config.consumerGroup(),
                        config.instanceId(), maxDeadLetterBytes),
                drain,
                clock,
                config.instanceId(),
                quota,
                observability.loop());
        AbandonedTransactions abandoned = new AbandonedTransactions(kafka.admin(), config.consumerGroup(),
                config.instanceId(), ABANDONED_AFTER, clock);
        Thread loop = new Thread(() -> {
            if (quota != null) {
                quota.start();
            }
            abandoned.start(ABANDONED_SCAN_EVERY);
            try {
                worker.run();
            } finally {
                abandoned.close();
                if (quota != null) {
                    quota.close();
                }
                observability.close();
            }
        }, "kafka-loop");
        loop.setUncaughtExceptionHandler((t, e) -> LoggerFactory.getLogger(WorkerWiring.class).error("the Kafka loop died", e));
        loop.start();
        return worker;
    }

    /**
     * The host's clock. The system property {@code trtc.clockOffsetMs} shifts it, for measuring how a group behaves
     * when its hosts' clocks disagree ({@code bin/bench quota}); it is not a setting to run with.
     */
    static Clock hostClock() {
        long offsetMillis = Long.getLong("trtc.clockOffsetMs", 0L);
        return offsetMillis == 0 ? Clock.systemUTC()
                : Clock.offset(Clock.systemUTC(), Duration.ofMillis(offsetMillis));
    }
}
