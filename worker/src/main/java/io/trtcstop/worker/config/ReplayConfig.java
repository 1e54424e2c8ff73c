package io.trtcstop.worker.config;

import java.time.Duration;
import java.util.Map;

/**
 * What the {@code dlq} commands need: the Kafka connection and topics, read from the same environment variables as
 * {@code run}. No Tencent Cloud credentials: the tool never calls the API. {@link #toString()} is safe to print.
 */
public record ReplayConfig(
        String bootstrapServers,
        String stopTopic,
        String outcomeTopic,
        String deadLetterTopic,
        String ledgerTopic,
        Map<String, String> kafkaClientProperties,
        Duration startupTimeout) {

    public static final String DEFAULT_LEDGER_TOPIC = "transcription.stop.dlq.replayed";
    /** Every replay of one dead-letter topic uses this prefix plus the topic: grant it in transactional-id ACLs. */
    public static final String TRANSACTIONAL_ID_PREFIX = "trtc-stop-dlq-replay-";

    public static ReplayConfig fromEnvironment(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        ReplayConfig config = new ReplayConfig(
                in.required("KAFKA_BOOTSTRAP_SERVERS", "host:port of at least one Kafka broker"),
                in.string("STOP_TOPIC", "transcription.stop"),
                in.string("OUTCOME_TOPIC", "transcription.stop.outcome"),
                in.string("DLQ_TOPIC", "transcription.stop.dlq"),
                in.string("DLQ_REPLAY_LEDGER_TOPIC", DEFAULT_LEDGER_TOPIC),
                KafkaClientProperties.read(env, in),
                in.startupTimeout());
        if (config.ledgerTopic().equals(config.deadLetterTopic())) {
            in.problem("DLQ_REPLAY_LEDGER_TOPIC must not be the dead-letter topic itself (" + config.deadLetterTopic() + ")");
        }
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigException(in.problems());
        }
        return config;
    }

    /**
     * The replay's {@code transactional.id}: one per dead-letter topic, the same for every run, so a new replay's
     * {@code initTransactions()} aborts whatever a killed predecessor left open (and fences one still running).
     */
    public String transactionalId() {
        return TRANSACTIONAL_ID_PREFIX + deadLetterTopic;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KAFKA_BOOTSTRAP_SERVERS=").append(bootstrapServers)
                .append(" DLQ_TOPIC=").append(deadLetterTopic)
                .append(" DLQ_REPLAY_LEDGER_TOPIC=").append(ledgerTopic)
                .append(" STOP_TOPIC=").append(stopTopic)
                .append(" OUTCOME_TOPIC=").append(outcomeTopic);
        KafkaClientProperties.printable(kafkaClientProperties).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }
}
