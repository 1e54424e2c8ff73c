package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.testing.MountedSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Credentials that change while the worker runs, against a real broker and the emulator: a rotated Kubernetes
 * Secret whose old key is revoked at once, and temporary credentials (TKE OIDC, CVM role) that expire every few
 * seconds and are revoked early once. Every command is stopped; nothing is dead-lettered.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CredentialRotationIT {

    private static final long APP = 1400000001L;
    private static final int COMMANDS = 300;
    private static final String PROVIDER_ID = "tke-cluster-oidc";
    private static final String ROLE_ARN = "qcs::cam::uin/100000000001:roleName/trtc-stop-worker";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaBroker broker;
    @TempDir
    Path dir;
    @AutoClose
    private final InJvmWorkers run = new InJvmWorkers();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    private TrtcEmulator emulator(UnaryOperator<TrtcEmulator.Builder> customize) {
        return run.closeAtEnd(customize.apply(TrtcEmulator.builder().port(0)
                .credentials(Emulators.SECRET_ID, Emulators.SECRET_KEY).rateLimitPerSecond(0)).build().start());
    }

    private CommandTopics topics() {
        return run.closeAtEnd(new CommandTopics(broker, 3));
    }

    /** The usual test worker, paced so a run lasts several seconds, with credentials from {@code credentials}. */
    private void startWorker(CommandTopics topics, TrtcEmulator emulator, String instance, Map<String, String> credentials) {
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), instance);
        env.remove("TENCENTCLOUD_SECRET_ID");
        env.remove("TENCENTCLOUD_SECRET_KEY");
        env.put("HOME", dir.resolve("home").toString());
        env.put("TRTC_RATE_LIMIT", "40");
        env.putAll(credentials);
        run.start(env);
    }

    private List<String> tasks(TrtcEmulator emulator, int count) {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(emulator.createTask(APP, "room-" + i));
        }
        return tasks;
    }

    private static void send(CommandTopics topics, List<String> tasks) {
        for (String task : tasks) {
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();
    }

    private static void assertEveryCommandStoppedAndNoDeadLetter(CommandTopics topics) throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.outcomes().size() >= COMMANDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.committedOffsets() == COMMANDS);
        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();
        assertThat(outcomes).hasSize(COMMANDS);
        assertThat(outcomes).extracting(r -> JSON.readTree(r.value()).get("Status").asString())
                .containsOnly("STOPPED");
        assertThat(topics.deadLetters()).isEmpty();
    }

    @Test
    void aSecretRotatedWhileRunningAndTheOldKeyRevokedAtOnceLosesNoCommand() throws Exception {
        TrtcEmulator emulator = emulator(b -> b);
        CommandTopics topics = topics();
        writeKeys(Emulators.SECRET_ID, Emulators.SECRET_KEY);
        // Files re-read only hourly: only the refresh after AuthFailure.SecretIdNotFound can pick up the new key.
        startWorker(topics, emulator, "rotate-0", Map.of("TENCENTCLOUD_CREDENTIALS_DIR", dir.resolve("secret").toString(),
                "TENCENTCLOUD_CREDENTIALS_REFRESH", "1h"));
        List<String> tasks = tasks(emulator, COMMANDS);
        send(topics, tasks.subList(0, COMMANDS / 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 40);

        emulator.addKey("AKIDrotatedWorkerKey01", "rotated-worker-secret");
        writeKeys("AKIDrotatedWorkerKey01", "rotated-worker-secret");
        emulator.revokeKey(Emulators.SECRET_ID);
        send(topics, tasks.subList(COMMANDS / 2, COMMANDS));

        assertEveryCommandStoppedAndNoDeadLetter(topics);
        assertThat(emulator.callCount("DeleteCloudTranscription", "AuthFailure.SecretIdNotFound"))
                .as("calls signed with the revoked key").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tke-oidc", "cvm-role"})
    void temporaryCredentialsThatExpireEveryFewSecondsAndEndEarlyOnceLoseNoCommand(String source) throws Exception {
        TrtcEmulator emulator = emulator(b -> b.oidc(PROVIDER_ID, ROLE_ARN, "projected-token-1").cvmRole("trtc-stop-role")
                .temporaryCredentialLifetime(Duration.ofSeconds(3)));
        CommandTopics topics = topics();
        Path tokenFile = Files.writeString(dir.resolve("token"), "projected-token-1");
        Map<String, String> credentials = source.equals("tke-oidc")
                ? Map.of("TKE_REGION", "ap-singapore", "TKE_PROVIDER_ID", PROVIDER_ID, "TKE_ROLE_ARN", ROLE_ARN,
                        "TKE_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString(),
                        "TENCENTCLOUD_STS_ENDPOINT", emulator.endpoint().toString())
                : Map.of("TENCENTCLOUD_CREDENTIALS_SOURCE", "cvm-role",
                        "TENCENTCLOUD_METADATA_ENDPOINT", emulator.metadataEndpoint().toString());
        startWorker(topics, emulator, "expire-" + source, credentials);
        List<String> tasks = tasks(emulator, COMMANDS);
        send(topics, tasks.subList(0, COMMANDS / 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 40);

        // The projected token rotates, and the credentials in use end before their time.
        emulator.webIdentityTokens("projected-token-2");
        Files.writeString(tokenFile, "projected-token-2");
        assertThat(emulator.expireTemporaryCredentials()).isPositive();
        send(topics, tasks.subList(COMMANDS / 2, COMMANDS));

        assertEveryCommandStoppedAndNoDeadLetter(topics);
        assertThat(emulator.callCount("DeleteCloudTranscription", "AuthFailure.TokenFailure"))
                .as("calls signed with the credentials ended early").isPositive();
        String issuer = source.equals("tke-oidc") ? "AssumeRoleWithWebIdentity" : "InstanceMetadata";
        // At 40 calls/s, 300 commands take over 7 s: two or more renewals of 3-second credentials, plus the early end.
        assertThat(emulator.callCount(issuer, "OK")).as("credentials issued").isGreaterThanOrEqualTo(3);
    }

    private void writeKeys(String secretId, String secretKey) throws IOException {
        MountedSecret.writeKey(dir.resolve("secret"), secretId, secretKey);
    }
}
