package io.trtcstop.worker;

import io.trtcstop.worker.command.CommandDecoder;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.engine.ApiRateLimiter;
import io.trtcstop.worker.engine.DrainSignal;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.RetryPolicy;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import io.trtcstop.worker.observability.WorkerObservability;
import io.trtcstop.worker.outcome.OutcomeRecords;
import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.CredentialsProvider;
import io.trtcstop.worker.trtc.TrtcClient;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

/** The one place where the worker's parts are put together. */
public final class WorkerWiring {

    private WorkerWiring() {
    }

    /** Checks Kafka, builds every part and starts the poll loop on its own thread. */
    public static StopWorker start(WorkerConfig config) {
        KafkaClients kafka = new KafkaClients(config);
        kafka.checkTopicsExist();

        Clock clock = Clock.systemUTC();
        WorkerObservability observability = WorkerObservability.start(config, clock); // /metrics, /health/*
        TrtcClientConfig clientConfig = new TrtcClientConfig(config.trtcEndpoint(), config.connectTimeout(),
                config.requestTimeout(), null, true);
        CredentialsProvider credentials = CredentialsProvider.fixed(
                new Credentials(config.secretId(), config.secretKey(), config.sessionToken()));
        TrtcClient client = new TrtcClient(clientConfig, credentials, TrtcClient.defaultHttpClient(clientConfig), clock);

        DrainSignal drain = new DrainSignal(); // every engine wait ends when the worker starts to stop
        ApiRateLimiter limiter = new ApiRateLimiter(config.apiRatePerSecond(), config.throttlePause(), clock, drain);
        RetryPolicy retry = new RetryPolicy(config.retryMaxAttempts(), config.retryMaxElapsed(),
                config.retryInitialBackoff(), config.retryMaxBackoff());
        StopAttempts attempts = new StopAttempts(
                observability.metered(
                        command -> client.deleteCloudTranscription(command.sdkAppId(), command.taskId(), command.region())),
                retry, limiter, credentials::refresh, clock, drain, RandomGenerator.getDefault());

        var consumer = kafka.consumer();
        var producer = kafka.producer();
        observability.bindKafka(consumer, producer);
        StopWorker worker = new StopWorker(
                new StopWorker.Settings(config.stopTopic(), config.maxInFlight(), config.maxBufferedRecords(),
                        config.commitInterval(), config.commitMaxRecords(), config.shutdownGrace()),
                consumer,
                producer,
                new CommandDecoder(config.maxCommandBytes(), config.defaultRegion()),
                attempts,
                new RecentlyStopped(config.dedupCapacity(), config.dedupTtl(), clock),
                new OutcomeRecords(config.outcomeTopic(), config.deadLetterTopic(), config.consumerGroup(),
                        config.instanceId()),
                drain,
                clock,
                observability.loop());
        Thread loop = new Thread(() -> {
            try {
                worker.run();
            } finally {
                observability.close();
            }
        }, "kafka-loop");
        loop.setUncaughtExceptionHandler((t, e) -> LoggerFactory.getLogger(WorkerWiring.class).error("the Kafka loop died", e));
        loop.start();
        return worker;
    }
}
