package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.credentials.CredentialSettings;
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
        assertThat(c.fixedRate()).isFalse();
        assertThat(c.accountRatePerSecond()).isEqualTo(20);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.maxBufferedBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.credentials().environment().sessionToken()).isNull();
        assertThat(c.credentials().source()).isEqualTo(CredentialSettings.Source.AUTO);
        assertThat(c.credentials().chosenSource()).isEqualTo(CredentialSettings.Source.ENV);
        assertThat(c.credentials().stsEndpoint()).hasToString("https://sts.tencentcloudapi.com");
        assertThat(c.credentials().metadataEndpoint()).hasToString("http://metadata.tencentyun.com");
        assertThat(c.credentials().refreshInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutAnInstanceIdEveryProcessHasItsOwnIdentity() {
        WorkerConfig c = WorkerConfig.fromEnvironment(minimal());
        assertThat(c.staticMembership()).isFalse();
        assertThat(c.instanceId()).startsWith("worker-0-").isNotEqualTo(WorkerConfig.fromEnvironment(minimal()).instanceId());
        assertThat(c.transactionalId()).isEqualTo("trtc-stop-worker-" + c.instanceId());
        assertThat(c.leaveGroupOnShutdown()).isTrue();
    }

    @Test
    void anInstanceIdMeansStaticMembershipAndAStableTransactionalId() {
        Map<String, String> env = new HashMap<>(minimal());
        env.put("WORKER_INSTANCE_ID", "pod-3");
        env.put("TRTC_RATE_LIMIT", "5");
        WorkerConfig c = WorkerConfig.fromEnvironment(env);
        assertThat(c.staticMembership()).isTrue();
        assertThat(c.instanceId()).isEqualTo("pod-3");
        assertThat(c.transactionalId()).isEqualTo("trtc-stop-worker-pod-3");
        assertThat(c.leaveGroupOnShutdown()).isFalse(); // a restarted pod takes its partitions back
        assertThat(c.fixedRate()).isTrue();
        assertThat(c.apiRatePerSecond()).isEqualTo(5);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("TRTC_REGION", "mars-north-1");
        env.put("MAX_IN_FLIGHT", "lots");
        env.put("SHUTDOWN_GRACE", "soon");
        env.put("TRTC_ENDPOINT", "ftp://example.com");
        env.put("TENCENTCLOUD_CREDENTIALS_SOURCE", "env");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(7)
                        .anySatisfy(p -> assertThat(p).startsWith("KAFKA_BOOTSTRAP_SERVERS is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("TENCENTCLOUD_SECRET_ID is required (TENCENTCLOUD_CREDENTIALS_SOURCE=env)"))
                        .anySatisfy(p -> assertThat(p).startsWith("TENCENTCLOUD_SECRET_KEY is required (TENCENTCLOUD_CREDENTIALS_SOURCE=env)"))
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

    @Test
    void withoutCredentialSettingsRunFallsBackToTheCvmRoleAndOtherCommandsNeedNone() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("HOME", "/nonexistent-home");
        assertThat(WorkerConfig.fromEnvironment(env).credentials().chosenSource())
                .isEqualTo(CredentialSettings.Source.CVM_ROLE);

        env.put("TENCENTCLOUD_CREDENTIALS_SOURCE", "tke-oidc");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "TKE_REGION is required for TKE OIDC credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=tke-oidc)",
                        "TKE_PROVIDER_ID is required for TKE OIDC credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=tke-oidc)",
                        "TKE_WEB_IDENTITY_TOKEN_FILE is required for TKE OIDC credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=tke-oidc)",
                        "TKE_ROLE_ARN is required for TKE OIDC credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=tke-oidc)"));
        assertThat(WorkerConfig.fromEnvironment(env, false).credentials().source())
                .isEqualTo(CredentialSettings.Source.TKE_OIDC);
    }

    @Test
    void aBadCredentialSettingIsAProblemEvenWhenCredentialsAreNotRequired() {
        Map<String, String> env = minimal();
        env.put("TENCENTCLOUD_CREDENTIALS_SOURCE", "vault");
        env.put("TENCENTCLOUD_CREDENTIALS_REFRESH", "often");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env, false))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "TENCENTCLOUD_CREDENTIALS_SOURCE=vault: use one of auto, env, files, profile, tke-oidc, cvm-role",
                        "TENCENTCLOUD_CREDENTIALS_REFRESH=often: use e.g. 250ms, 30s, 2m or 1h"));
    }

    @Test
    void aCvmRoleNameThatIsNotOneIsAProblem() {
        Map<String, String> env = minimal();
        env.put("TENCENTCLOUD_CREDENTIALS_SOURCE", "cvm-role");
        env.put("TENCENTCLOUD_CVM_ROLE", "../admin");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "TENCENTCLOUD_CVM_ROLE=../admin: a CAM role name has only letters, digits and +=,.@_-"));
    }

    @Test
    void aKeyWithoutItsIdIsAProblem() {
        Map<String, String> env = minimal();
        env.remove("TENCENTCLOUD_SECRET_ID");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "TENCENTCLOUD_SECRET_ID is required when TENCENTCLOUD_SECRET_KEY is set"));
    }

    @Test
    void printedCredentialSettingsNameTheChosenSource(@TempDir Path dir) {
        Map<String, String> env = minimal();
        env.remove("TENCENTCLOUD_SECRET_ID");
        env.remove("TENCENTCLOUD_SECRET_KEY");
        env.put("TENCENTCLOUD_CREDENTIALS_DIR", dir.toString());
        env.put("TKE_ROLE_ARN", "qcs::cam::uin/1:roleName/ignored-because-files-win");
        String printed = WorkerConfig.fromEnvironment(env).toString();
        assertThat(printed)
                .contains("TENCENTCLOUD_CREDENTIALS_SOURCE = auto (uses files)")
                .contains("TENCENTCLOUD_CREDENTIALS_DIR = " + dir)
                .contains("TENCENTCLOUD_CREDENTIALS_REFRESH = PT10S")
                .contains("TENCENTCLOUD_SECRET_ID = (unset)");
    }

    @Test
    void aDurationThatOverflowsIsAProblemNotACrash() {
        Map<String, String> env = minimal();
        env.put("SHUTDOWN_GRACE", "9999999999999999h");
        env.put("DEDUP_TTL", "99999999999999999999999s");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "SHUTDOWN_GRACE=9999999999999999h: must be between 0ms and 1h",
                        "DEDUP_TTL=99999999999999999999999s: must be between 1s and 24h"));
    }

    @Test
    void everyTimeoutHasARange() {
        Map<String, String> env = minimal();
        env.put("TRTC_REQUEST_TIMEOUT", "2562048h"); // Duration.toNanos() overflows past 292 years
        env.put("TRTC_CONNECT_TIMEOUT", "0");
        env.put("STARTUP_TIMEOUT", "0s");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "TRTC_CONNECT_TIMEOUT=0: must be between 10ms and 5m",
                        "TRTC_REQUEST_TIMEOUT=2562048h: must be between 10ms and 10m",
                        "STARTUP_TIMEOUT=0s: must be between 1s and 1h"));
    }

    @Test
    void anEndpointWithUserInfoOrAPathIsAProblemThatNeverShowsTheUserInfo() {
        Map<String, String> env = minimal();
        env.put("TRTC_ENDPOINT", "https://admin:hunter2@trtc.intl.tencentcloudapi.com");
        env.put("TENCENTCLOUD_STS_ENDPOINT", "https://sts.tencentcloudapi.com/v2?x=1");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "TRTC_ENDPOINT=https://***@trtc.intl.tencentcloudapi.com: must not carry user info",
                            "TENCENTCLOUD_STS_ENDPOINT=https://sts.tencentcloudapi.com/v2?x=1: must have no path, query or fragment");
                    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("admin");
                });
    }

    @Test
    void aValueIsQuotedOnOneLineAndBounded() {
        Map<String, String> env = minimal();
        env.put("MAX_IN_FLIGHT", "12\n\u001b[2J" + "9".repeat(500));
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("MAX_IN_FLIGHT=12\\n\\u001B[2J999").doesNotContain("\n").hasSizeLessThan(200));
    }
}
