package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.trtc.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("TENCENTCLOUD_SECRET_ID", "AKIDexample123");
        env.put("TENCENTCLOUD_SECRET_KEY", "super-secret-key-value");
        env.put("HOSTNAME", "worker-0");
        return env;
    }

    @Test
    void defaultsMatchTheReadme() {
        WorkerConfig c = WorkerConfig.fromEnvironment(minimal());
        assertThat(c.stopTopic()).isEqualTo("transcription.stop");
        assertThat(c.outcomeTopic()).isEqualTo("transcription.stop.outcome");
        assertThat(c.deadLetterTopic()).isEqualTo("transcription.stop.dlq");
        assertThat(c.consumerGroup()).isEqualTo("trtc-stop-worker");
        assertThat(c.trtcEndpoint()).hasToString("https://trtc.intl.tencentcloudapi.com");
        assertThat(c.defaultRegion()).isEqualTo(Region.AP_GUANGZHOU);
        assertThat(c.apiRatePerSecond()).isEqualTo(20);
        assertThat(c.instanceId()).isEqualTo("worker-0");
        assertThat(c.transactionalId()).isEqualTo("trtc-stop-worker-worker-0");
        assertThat(c.sessionToken()).isNull();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("TRTC_REGION", "mars-north-1");
        env.put("MAX_IN_FLIGHT", "lots");
        env.put("SHUTDOWN_GRACE", "soon");
        env.put("TRTC_ENDPOINT", "ftp://example.com");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(7)
                        .anySatisfy(p -> assertThat(p).startsWith("KAFKA_BOOTSTRAP_SERVERS is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("TENCENTCLOUD_SECRET_ID is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("TENCENTCLOUD_SECRET_KEY is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("TRTC_REGION=mars-north-1"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("MAX_IN_FLIGHT=lots is not a whole number"))
                        .anySatisfy(p -> assertThat(p).startsWith("SHUTDOWN_GRACE=soon: use e.g."))
                        .anySatisfy(p -> assertThat(p).startsWith("TRTC_ENDPOINT=ftp://example.com")));
    }

    @Test
    void durationsTakeUnits() {
        Map<String, String> env = minimal();
        env.put("SHUTDOWN_GRACE", "45s");
        env.put("COMMIT_INTERVAL", "250");
        env.put("RETRY_MAX_ELAPSED", "5m");
        WorkerConfig c = WorkerConfig.fromEnvironment(env);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.retryMaxElapsed()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void outOfRangeNumbersAreRefused() {
        Map<String, String> env = minimal();
        env.put("MAX_IN_FLIGHT", "0");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .hasMessageContaining("MAX_IN_FLIGHT=0: must be between 1 and 10000");
    }

    @Test
    void kafkaClientPropertiesPassThroughFromFileAndVariables(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n");
        Map<String, String> env = minimal();
        env.put("KAFKA_CLIENT_PROPERTIES_FILE", file.toString());
        env.put("KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka...PlainLoginModule required password=\"hunter2\";");
        WorkerConfig c = WorkerConfig.fromEnvironment(env);
        assertThat(c.kafkaClientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey("properties.file");
        assertThat(c.toString()).doesNotContain("hunter2").contains("sasl.jaas.config = [redacted]");
    }

    @Test
    void anUnreadablePropertiesFileIsAProblem() {
        Map<String, String> env = minimal();
        env.put("KAFKA_CLIENT_PROPERTIES_FILE", "/nonexistent/client.properties");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .hasMessageContaining("KAFKA_CLIENT_PROPERTIES_FILE=/nonexistent/client.properties cannot be read");
    }

    @Test
    void printedConfigurationNeverShowsSecrets() {
        Map<String, String> env = minimal();
        env.put("TENCENTCLOUD_SESSION_TOKEN", "token-value-123");
        String printed = WorkerConfig.fromEnvironment(env).toString();
        assertThat(printed)
                .doesNotContain("super-secret-key-value")
                .doesNotContain("token-value-123")
                .doesNotContain("AKIDexample123")
                .contains("TENCENTCLOUD_SECRET_ID = AKID…")
                .contains("TENCENTCLOUD_SECRET_KEY = [redacted]");
    }
}
