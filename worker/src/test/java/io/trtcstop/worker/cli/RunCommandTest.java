package io.trtcstop.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code run} with a bad configuration: exit code 2 and one line on stderr naming the variable, never a stack trace,
 * never a secret; nothing connects to Kafka (the configuration is refused first).
 */
class RunCommandTest {

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    private PrintStream previousErr;

    @BeforeEach
    void captureSystemErr() {
        previousErr = System.err;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreSystemErr() {
        System.setErr(previousErr);
    }

    private int run(String variable, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        env.put("TENCENTCLOUD_SECRET_ID", "AKIDrunCommandTest");
        env.put("TENCENTCLOUD_SECRET_KEY", "run-command-secret-key");
        env.put("HOSTNAME", "run-command-test");
        env.put(variable, value);
        CommandLine cmd = Main.commandLine(env);
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return cmd.execute("run");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MAX_IN_FLIGHT | lots",
            "SHUTDOWN_GRACE | 9999999999999999h",
            "TRTC_REQUEST_TIMEOUT | 2562048h",
            "TRTC_CONNECT_TIMEOUT | 0",
            "TRTC_ENDPOINT | https://admin:run-command-secret-key@trtc.intl.tencentcloudapi.com",
            "TRTC_ENDPOINT | https://trtc.intl.tencentcloudapi.com/v3",
            "TRTC_ENDPOINT | http://trtc.intl.tencentcloudapi.com",
            "TENCENTCLOUD_CREDENTIALS_DIR | /tmp/\u0000nul"})
    void aBadValueIsExitCodeTwoAndOneLineOnStderr(String variable, String value) {
        int exit = run(variable, value);
        String stderr = err + systemErr.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(2);
        assertThat(stderr.strip().lines()).as(stderr).singleElement().asString()
                .startsWith("trtc-stop-worker run: invalid configuration: " + variable + "=")
                .doesNotContain("run-command-secret-key", "Exception", "\tat ");
    }
}
