package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: flags, help, what it prints, and that it never prints the secret key. */
class EmulatorCommandTest {

    private static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsEveryFlagAndNoSecret() {
        int exit = commandLine(new EmulatorCommand()).execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port", "--host", "--secret-id", "--secret-key", "--session-token",
                "--rate-limit", "--latency-ms", "--latency-jitter-ms", "--error", "--http-5xx-probability",
                "--drop-connection-probability", "--hang-probability", "--hang-seconds",
                "--malformed-body-probability", "--seed", "--tasks", "--sdk-app-id", "--cvm-role",
                "--oidc-provider-id", "--oidc-role-arn", "--oidc-web-identity-token", "--temporary-credential-seconds",
                "--clock-offset-ms");
    }

    @Test
    void temporaryCredentialFlagsServeStsAndTheInstanceMetadata() throws Exception {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--port", "0", "--secret-id", "AKIDcli", "--secret-key", SECRET_KEY,
                "--cvm-role", "trtc-role", "--oidc-provider-id", "oidc-1", "--oidc-role-arn", "qcs::cam::uin/1:roleName/r",
                "--oidc-web-identity-token", "web-token-never-printed", "--temporary-credential-seconds", "60");

        try (TrtcEmulator emulator = command.startAndAnnounce()) {
            assertThat(out.toString()).contains("STS AssumeRoleWithWebIdentity for qcs::cam::uin/1:roleName/r",
                    "CVM role trtc-role").doesNotContain("web-token-never-printed");
            TestClient client = new TestClient(emulator.endpoint(), java.time.Clock.systemUTC());
            TestClient.ApiResponse sts = client.call("AssumeRoleWithWebIdentity", "{\"ProviderId\":\"oidc-1\","
                            + "\"WebIdentityToken\":\"web-token-never-printed\",\"RoleArn\":\"qcs::cam::uin/1:roleName/r\","
                            + "\"RoleSessionName\":\"s\"}").version("2018-08-13").send();
            assertThat(sts.errorCode()).as(sts.body()).isNull();
            java.net.http.HttpResponse<String> role = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(emulator.metadataEndpoint()
                            .resolve("/latest/meta-data/cam/security-credentials/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(role.body()).isEqualTo("trtc-role");
        }
    }

    @Test
    void partOfTheOidcFlagsIsAnError() {
        assertUsageError("go together", "--port", "0", "--secret-id", "a", "--secret-key", "b",
                "--oidc-role-arn", "qcs::cam::uin/1:roleName/r");
    }

    @Test
    void flagsConfigureTheEmulatorAndTheStartLineOmitsTheSecretKey() {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--port", "0", "--secret-id", "AKIDcli", "--secret-key", SECRET_KEY,
                "--rate-limit", "7", "--latency-ms", "15", "--latency-jitter-ms", "5",
                "--error", "InternalError=0.1", "--error", "ResourceUnavailable=0.05",
                "--http-5xx-probability", "0.2", "--drop-connection-probability", "0.01",
                "--hang-probability", "0.02", "--malformed-body-probability", "0.03", "--seed", "9",
                "--tasks", "3", "--sdk-app-id", "1400000123", "--clock-offset-ms", "-120");

        try (TrtcEmulator emulator = command.startAndAnnounce()) {
            FaultSettings faults = emulator.faults().settings();
            assertThat(emulator.rateLimitPerSecond()).isEqualTo(7);
            assertThat(emulator.clockOffset()).isEqualTo(Duration.ofMillis(-120));
            assertThat(faults.latency()).isEqualTo(Duration.ofMillis(15));
            assertThat(faults.latencyJitter()).isEqualTo(Duration.ofMillis(5));
            assertThat(faults.errorProbabilities()).containsExactly(
                    Map.entry("InternalError", 0.1), Map.entry("ResourceUnavailable", 0.05));
            assertThat(faults.http5xxProbability()).isEqualTo(0.2);
            assertThat(faults.dropConnectionProbability()).isEqualTo(0.01);
            assertThat(faults.hangProbability()).isEqualTo(0.02);
            assertThat(faults.malformedBodyProbability()).isEqualTo(0.03);

            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.getFirst()).startsWith("TRTC emulator listening on " + emulator.endpoint())
                    .contains("AKIDcli", "7/s");
            for (int i = 1; i <= 3; i++) {
                String line = lines.get(i);
                assertThat(line).startsWith("task ").endsWith(" SdkAppId=1400000123 RoomId=room-" + i);
                assertThat(emulator.taskState(line.split(" ")[1])).isEqualTo(TaskState.RUNNING);
            }
            assertThat(out.toString()).doesNotContain(SECRET_KEY);
        }
    }

    @Test
    void theSameSeedGivesTheSameTaskIds() {
        assertThat(taskIdsWithSeed(11)).isEqualTo(taskIdsWithSeed(11)).isNotEqualTo(taskIdsWithSeed(12));
    }

    @Test
    void badValuesAreClearUsageErrors() {
        assertUsageError("probability of InternalError must be between 0 and 1",
                "--secret-id", "a", "--secret-key", "b", "--port", "0", "--error", "InternalError=2");
        assertUsageError("KEY=VALUE format", "--secret-id", "a", "--secret-key", "b", "--port", "0",
                "--error", "InternalError");
        assertUsageError("add up to", "--secret-id", "a", "--secret-key", "b", "--port", "0",
                "--hang-probability", "0.6", "--drop-connection-probability", "0.6");
        assertUsageError("--sdk-app-id must be from 1", "--secret-id", "a", "--secret-key", "b", "--port", "0",
                "--tasks", "1", "--sdk-app-id", "0");
        assertUsageError("rate limit", "--secret-id", "a", "--secret-key", "b", "--port", "0", "--rate-limit", "-1");
        assertUsageError("Invalid value for option '--port'", "--port", "eighty");
    }

    @Test
    void missingCredentialsAreAClearUsageError() {
        EmulatorCommand command = new EmulatorCommand();
        commandLine(command).parseArgs("--port", "0");
        // Whatever TENCENTCLOUD_SECRET_* this machine's environment holds.
        command.secretId = null;
        command.secretKey = null;

        assertThatThrownBy(command::startAndAnnounce).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--secret-id and --secret-key");
    }

    private List<String> taskIdsWithSeed(long seed) {
        EmulatorCommand command = new EmulatorCommand();
        StringWriter taskOut = new StringWriter();
        new CommandLine(command).setOut(new PrintWriter(taskOut)).parseArgs("--port", "0", "--secret-id", "a",
                "--secret-key", "b", "--tasks", "2", "--seed", Long.toString(seed));
        try (TrtcEmulator emulator = command.startAndAnnounce()) {
            List<String> taskIds = taskOut.toString().lines().skip(1).map(line -> line.split(" ")[1]).toList();
            assertThat(taskIds).hasSize(2)
                    .allSatisfy(id -> assertThat(emulator.taskState(id)).isEqualTo(TaskState.RUNNING));
            return taskIds;
        }
    }

    private void assertUsageError(String message, String... args) {
        StringWriter errors = new StringWriter();
        int exit = new CommandLine(new EmulatorCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(errors)).execute(args);

        assertThat(exit).as(errors.toString()).isEqualTo(2);
        assertThat(errors.toString()).contains(message);
    }

    private CommandLine commandLine(EmulatorCommand command) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }
}
