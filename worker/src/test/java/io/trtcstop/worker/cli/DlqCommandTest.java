package io.trtcstop.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.replay.ReplayOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Argument handling of {@code dlq}: a usage error is exit code 2 and one line; nothing connects to Kafka. */
class DlqCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "dlq replay --since yesterday | 'yesterday' is not an ISO-8601 time",
            "dlq replay --until 2026-01-31 --since 2026-02-01 | --since 2026-02-01T00:00:00Z must be before --until",
            "dlq replay --kind RETRIES | unknown --kind RETRIES",
            "dlq replay --rate fast | Invalid value for option '--rate'",
            "dlq replay --rate -1 | --rate must be a positive number",
            "dlq replay --max -5 | --max must be at least 1",
            "dlq replay --max-replays -1 | --max-replays must be 0 or more",
            "dlq replay --sdk-app-id abc | Invalid value for option '--sdk-app-id'",
            "dlq replay --to bad/topic | --to bad/topic is not a Kafka topic name",
            "dlq replay --code . | --code needs an error code",
            "dlq replay --dryrun | Unknown option: '--dryrun'",
            "dlq inspect --json extra | Unmatched argument",
            "dlq | name a subcommand: inspect or replay"})
    void aBadArgumentIsExitCodeTwoAndOneLine(String args, String expected) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1).first().asString()
                .startsWith("trtc-stop-worker dlq").contains(expected).endsWith("(see --help)");
    }

    @Test
    void optionsBecomeOneValue() {
        DlqReplayCommand replay = new DlqReplayCommand();
        CommandLine cmd = new CommandLine(replay);
        cmd.parseArgs("--code", "AuthFailure.", "--code", "Transport.Timeout", "--kind", "PERMANENT_API_ERROR",
                "--since", "2026-01-31T16:00+08:00", "--sdk-app-id", "1400000001", "--task-id", "t-1", "--max", "50",
                "--to", "transcription.stop.replay", "--rate", "2.5", "--dry-run", "--max-replays", "5", "--force",
                "--include-invalid");
        replay.spec = cmd.getCommandSpec();
        ReplayOptions o = replay.options();
        assertThat(o.filter().codes()).containsExactly("AuthFailure.", "Transport.Timeout");
        assertThat(o.filter().kinds()).containsExactly("PERMANENT_API_ERROR");
        assertThat(o.filter().since()).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
        assertThat(o.filter().until()).isNull();
        assertThat(o.filter().sdkAppId()).isEqualTo(1400000001L);
        assertThat(o.filter().taskId()).isEqualTo("t-1");
        assertThat(o).extracting(ReplayOptions::max, ReplayOptions::to, ReplayOptions::ratePerSecond,
                        ReplayOptions::dryRun, ReplayOptions::maxReplays, ReplayOptions::force, ReplayOptions::includeInvalid)
                .containsExactly(50L, "transcription.stop.replay", 2.5, true, 5, true, true);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        DlqReplayCommand replay = new DlqReplayCommand();
        CommandLine cmd = new CommandLine(replay);
        cmd.parseArgs();
        replay.spec = cmd.getCommandSpec();
        ReplayOptions o = replay.options();
        assertThat(o).extracting(ReplayOptions::max, ReplayOptions::to, ReplayOptions::ratePerSecond,
                        ReplayOptions::dryRun, ReplayOptions::maxReplays, ReplayOptions::force, ReplayOptions::includeInvalid)
                .containsExactly(0L, null, 10.0, false, 3, false, false);
    }
}
