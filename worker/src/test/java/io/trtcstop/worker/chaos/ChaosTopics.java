package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A fresh set of the worker's three topics and its consumer group for one chaos run, and the workers' environment. */
final class ChaosTopics {

    static final int OUTPUT_PARTITIONS = 3;

    final String stop;
    final String outcome;
    final String deadLetter;
    final String group;
    final int partitions;
    private final KafkaBroker broker;

    ChaosTopics(KafkaBroker broker, String runName, int partitions) {
        this.broker = broker;
        this.partitions = partitions;
        String suffix = runName + "." + UUID.randomUUID().toString().substring(0, 8);
        this.stop = "transcription.stop." + suffix;
        this.outcome = "transcription.stop.outcome." + suffix;
        this.deadLetter = "transcription.stop.dlq." + suffix;
        this.group = "trtc-stop-worker." + suffix;
        broker.createTopics(partitions, stop);
        broker.createTopics(OUTPUT_PARTITIONS, outcome, deadLetter);
    }

    KafkaBroker broker() {
        return broker;
    }

    /**
     * The environment of a worker of this run, as an operator would set it: production defaults for retries,
     * commits and the rate limit unless a test overrides them.
     *
     * @param instanceId WORKER_INSTANCE_ID, or null to leave it unset (and HOSTNAME with it, as on one host)
     */
    Map<String, String> workerEnv(ChaosApi api, String instanceId) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("STOP_TOPIC", stop);
        env.put("OUTCOME_TOPIC", outcome);
        env.put("DLQ_TOPIC", deadLetter);
        env.put("CONSUMER_GROUP", group);
        if (instanceId != null) {
            env.put("WORKER_INSTANCE_ID", instanceId);
        }
        env.put("TRTC_ENDPOINT", api.endpoint());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0"); // several instances on one host: each its own free port
        env.put("TRTC_REGION", "ap-singapore");
        env.put("TENCENTCLOUD_SECRET_ID", ChaosApi.SECRET_ID);
        env.put("TENCENTCLOUD_SECRET_KEY", ChaosApi.SECRET_KEY);
        env.put("SHUTDOWN_GRACE", "10s");
        if (ChaosSettings.groupProtocol().equals("consumer")) {
            env.put("KAFKA_CLIENT_GROUP_PROTOCOL", "consumer");
        } else {
            // A member killed without a successor (dynamic membership) holds its partitions this long.
            env.put("KAFKA_CLIENT_SESSION_TIMEOUT_MS", "10000");
        }
        return env;
    }
}
