package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.config.ReplayConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a replay may write; nothing here connects to Kafka (the bootstrap address is a closed port). */
class ReplayTargetTest {

    private static final ReplayConfig CONFIG = ReplayConfig.fromEnvironment(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "STARTUP_TIMEOUT", "2s"));

    @Test
    void theDefaultIsTheCommandTopic() {
        assertThat(ReplayTarget.of(CONFIG, null)).isEqualTo("transcription.stop");
        assertThat(ReplayTarget.of(CONFIG, "transcription.stop.replay")).isEqualTo("transcription.stop.replay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"transcription.stop.dlq", "transcription.stop.outcome", "transcription.stop.dlq.replayed"})
    void theTopicsTheWorkerAndTheToolWriteAreRefusedBeforeAnythingConnects(String topic) {
        ReplayOptions options = new ReplayOptions(ReplayFilter.ALL, 0, topic, 0, false, 3, false, false);
        assertThatThrownBy(() -> new DlqReplay(CONFIG, Clock.systemUTC(), Duration.ofSeconds(5))
                .run(options, System.out, System.err, () -> false))
                .isInstanceOf(ReplaySetupException.class)
                .hasMessageStartingWith("refusing to replay to " + topic + ": it is the ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aStopTopicConfiguredAsTheDeadLetterTopicIsRefusedToo() {
        ReplayConfig loop = ReplayConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "STOP_TOPIC", "transcription.stop.dlq"));
        assertThatThrownBy(() -> ReplayTarget.of(loop, null)).isInstanceOf(ReplaySetupException.class)
                .hasMessageContaining("the dead-letter topic (DLQ_TOPIC)");
    }

    @Test
    void theDryRunAndTheSummaryReportSuspectCounts() {
        ReplayOptions dryRun = new ReplayOptions(ReplayFilter.ALL, 0, null, 0, true, 3, false, false);
        ReplayPlan plan = new ReplayPlan(dryRun, "transcription.stop");
        DeadLetter forged = TestDeadLetters.of(0, 1, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 0);
        forged.headers().remove("dlq.replay.count");
        forged.headers().add("dlq.replay.count", "2147483647".getBytes(StandardCharsets.UTF_8));
        plan.consider(forged, false);
        plan.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        ReplayReport.plan(print, CONFIG, dryRun, plan, 0, true);
        ReplayReport.summary(print, CONFIG, plan, new DeadLetterGroups(), false);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("1 dlq.replay.count is not a count the tools wrote") && l.endsWith("InternalError 1")))
                .as(out.toString(StandardCharsets.UTF_8)).hasSize(2);
    }
}
