package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayConfigTest {

    @Test
    void needsOnlyKafkaAndUsesTheWorkersDefaults() {
        ReplayConfig c = ReplayConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"));
        assertThat(c.stopTopic()).isEqualTo("transcription.stop");
        assertThat(c.outcomeTopic()).isEqualTo("transcription.stop.outcome");
        assertThat(c.deadLetterTopic()).isEqualTo("transcription.stop.dlq");
        assertThat(c.ledgerTopic()).isEqualTo("transcription.stop.dlq.replayed");
        assertThat(c.transactionalId()).isEqualTo("trtc-stop-dlq-replay-transcription.stop.dlq");
    }

    @Test
    void theTransactionalIdFollowsTheDeadLetterTopicSoEveryRunOfOneTopicFencesTheLast() {
        ReplayConfig c = ReplayConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "DLQ_TOPIC", "stop.dlq.eu", "DLQ_REPLAY_LEDGER_TOPIC", "stop.dlq.eu.replayed"));
        assertThat(c.transactionalId()).isEqualTo("trtc-stop-dlq-replay-stop.dlq.eu");
        assertThat(c.ledgerTopic()).isEqualTo("stop.dlq.eu.replayed");
    }

    @Test
    void everyProblemAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("DLQ_TOPIC", "same");
        env.put("DLQ_REPLAY_LEDGER_TOPIC", "same");
        env.put("KAFKA_CLIENT_PROPERTIES_FILE", "/nonexistent/client.properties");
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems()).hasSize(3).anyMatch(p -> p.startsWith("KAFKA_BOOTSTRAP_SERVERS is required"))
                        .anyMatch(p -> p.startsWith("KAFKA_CLIENT_PROPERTIES_FILE=/nonexistent/client.properties"))
                        .anyMatch(p -> p.startsWith("DLQ_REPLAY_LEDGER_TOPIC must not be the dead-letter topic")));
    }

    @Test
    void clientPropertiesApplyAsForTheWorkerAndSecretsAreNeverPrinted() {
        ReplayConfig c = ReplayConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_CLIENT_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"hunter2\";",
                "TENCENTCLOUD_SECRET_KEY", "not-read-at-all"));
        assertThat(c.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        assertThat(c.toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=[redacted]")
                .doesNotContain("hunter2", "not-read-at-all");
    }
}
