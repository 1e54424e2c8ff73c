package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The packaged worker's start with each kind of credentials problem and with TKE OIDC, as operators see it. */
@ExtendWith(KafkaBrokerExtension.class)
class CredentialStartupIT {

    private static final long APP = 1400000003L;
    private static KafkaBroker broker;

    @TempDir
    Path dir;
    @AutoClose
    private final InJvmWorkers resources = new InJvmWorkers();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    private Map<String, String> env(TrtcEmulator emulator, CommandTopics topics, String instance) {
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), instance);
        env.remove("TENCENTCLOUD_SECRET_ID");
        env.remove("TENCENTCLOUD_SECRET_KEY");
        env.put("HOME", dir.toString());
        return env;
    }

    @Test
    void credentialsThatCannotBeHadStopTheStartWithExitCode2AndTheReason() throws Exception {
        TrtcEmulator emulator = resources.closeAtEnd(Emulators.start(100));
        CommandTopics topics = resources.closeAtEnd(new CommandTopics(broker, 1));
        Map<String, String> env = env(emulator, topics, "no-keys-0");
        env.put("TENCENTCLOUD_CREDENTIALS_SOURCE", "files");
        env.put("TENCENTCLOUD_CREDENTIALS_DIR", dir.resolve("not-mounted").toString());

        WorkerProcess worker = resources.closeAtEnd(WorkerProcess.start(env, dir, "no-keys"));

        assertThat(worker.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(worker.exitCode()).isEqualTo(2);
        assertThat(worker.log()).contains("no credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=files): the key directory "
                + dir.resolve("not-mounted") + " does not exist");
    }

    @Test
    void tkeOidcCredentialsArePrintedRedactedAndWork() throws Exception {
        String webToken = "projected-service-account-token-never-printed";
        TrtcEmulator emulator = resources.closeAtEnd(TrtcEmulator.builder().port(0)
                .credentials(Emulators.SECRET_ID, Emulators.SECRET_KEY).rateLimitPerSecond(0)
                .oidc("tke-oidc-1", "qcs::cam::uin/100000000001:roleName/trtc-stop", webToken).build().start());
        CommandTopics topics = resources.closeAtEnd(new CommandTopics(broker, 1));
        Path tokenFile = Files.writeString(dir.resolve("token"), webToken);
        Map<String, String> env = env(emulator, topics, "oidc-0");
        env.putAll(Map.of("TKE_REGION", "ap-singapore", "TKE_PROVIDER_ID", "tke-oidc-1",
                "TKE_ROLE_ARN", "qcs::cam::uin/100000000001:roleName/trtc-stop",
                "TKE_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString(),
                "TENCENTCLOUD_STS_ENDPOINT", emulator.endpoint().toString()));
        String task = emulator.createTask(APP, "room-oidc");

        WorkerProcess worker = resources.closeAtEnd(WorkerProcess.start(env, dir, "oidc"));
        topics.send(task, Commands.stop(APP, task));
        topics.flush();

        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() == 1);
        worker.terminate();
        assertThat(worker.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(worker.exitCode()).isZero();
        assertThat(worker.log())
                .contains("TENCENTCLOUD_CREDENTIALS_SOURCE = auto (uses tke-oidc)")
                .contains("credentials: TKE OIDC role qcs::cam::uin/100000000001:roleName/trtc-stop")
                .contains("temporary until")
                .doesNotContain(webToken);
        assertThat(emulator.callCount("DeleteCloudTranscription", "OK")).isEqualTo(1);
    }
}
