package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static io.trtcstop.worker.replay.TestDeadLetters.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.replay.ReplayOptions.Verdict;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    private static ReplayOptions options(int maxReplays, boolean force, boolean includeInvalid, String to) {
        return new ReplayOptions(ReplayFilter.ALL, 0, to, 0, false, maxReplays, force, includeInvalid);
    }

    private static final ReplayOptions DEFAULTS = options(3, false, false, null);
    private static final String STOP = "transcription.stop";

    @Test
    void aMatchingDeadLetterGoesToTheTargetTopic() {
        assertThat(DEFAULTS.decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), false, STOP))
                .isEqualTo(new Verdict.Replay("transcription.stop"));
        assertThat(options(3, false, false, "other.topic").decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), false, "other.topic"))
                .isEqualTo(new Verdict.Replay("other.topic"));
    }

    @Test
    void theLedgerWinsOverEverything() {
        assertThat(options(3, true, true, null).decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), true, STOP))
                .isEqualTo(new Verdict.Skip(SkipReason.ALREADY_REPLAYED));
    }

    @Test
    void invalidCommandsOnlyWithIncludeInvalid() {
        DeadLetter invalid = TestDeadLetters.of(0, 1, T0, "INVALID_COMMAND", "InvalidCommand.NotJson", "x", 0);
        assertThat(DEFAULTS.decide(invalid, false, STOP)).isEqualTo(new Verdict.Skip(SkipReason.INVALID_COMMAND));
        assertThat(options(3, false, true, null).decide(invalid, false, STOP)).isInstanceOf(Verdict.Replay.class);
    }

    @Test
    void aDeadLetterWithoutItsValueIsNeverReplayed() {
        DeadLetter omitted = TestDeadLetters.of(0, 4, T0, "INVALID_COMMAND", "InvalidCommand.TooLarge", null, 0);
        omitted.headers().add("dlq.value.omitted", "true".getBytes());
        omitted.headers().add("dlq.value.bytes", "2000000".getBytes());
        assertThat(options(3, true, true, null).decide(omitted, false, STOP))
                .isEqualTo(new Verdict.Skip(SkipReason.VALUE_OMITTED));
    }

    @Test
    void theLoopGuardSkipsAtMaxReplaysUnlessForced() {
        DeadLetter twice = TestDeadLetters.of(0, 1, T0, "PERMANENT_API_ERROR", "FailedOperation.X", "{}", 2);
        DeadLetter thrice = TestDeadLetters.of(0, 2, T0, "PERMANENT_API_ERROR", "FailedOperation.X", "{}", 3);
        assertThat(DEFAULTS.decide(twice, false, STOP)).isInstanceOf(Verdict.Replay.class);
        assertThat(DEFAULTS.decide(thrice, false, STOP)).isEqualTo(new Verdict.Skip(SkipReason.MAX_REPLAYS));
        assertThat(options(3, true, false, null).decide(thrice, false, STOP)).isInstanceOf(Verdict.Replay.class);
        assertThat(options(0, false, false, null).decide(command(3, "RETRIES_EXHAUSTED", "InternalError"), false, STOP))
                .as("--max-replays 0 replays nothing without --force").isEqualTo(new Verdict.Skip(SkipReason.MAX_REPLAYS));
    }

    @Test
    void withoutAnOriginalTopicHeaderItGoesToTheTargetAsAnyOther() {
        DeadLetter foreign = new DeadLetter(new DeadLetterCoordinates("dlq", 0, 1), T0, null, null, new RecordHeaders());
        assertThat(DEFAULTS.decide(foreign, false, STOP)).isEqualTo(new Verdict.Replay("transcription.stop"));
        assertThat(foreign.kind()).isEqualTo("(none)");
        assertThat(foreign.replayCount()).isZero();
    }

    @Test
    void notMatchingIsNotASkip() {
        ReplayOptions auth = new ReplayOptions(new ReplayFilter(List.of("AuthFailure."), Set.of(), null, null, null, null),
                0, null, 0, false, 3, false, false);
        assertThat(auth.decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), true, STOP)).isEqualTo(new Verdict.NotMatching());
    }

    @Test
    void badNumbersAndTopicNamesAreRefused() {
        assertThatThrownBy(() -> new ReplayOptions(ReplayFilter.ALL, -1, null, 0, false, 3, false, false))
                .hasMessageContaining("--max");
        assertThatThrownBy(() -> new ReplayOptions(ReplayFilter.ALL, 0, null, -2, false, 3, false, false))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> new ReplayOptions(ReplayFilter.ALL, 0, null, Double.NaN, false, 3, false, false))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> new ReplayOptions(ReplayFilter.ALL, 0, null, 0, false, -1, false, false))
                .hasMessageContaining("--max-replays");
        assertThatThrownBy(() -> new ReplayOptions(ReplayFilter.ALL, 0, "no spaces please", 0, false, 3, false, false))
                .hasMessage("--to no spaces please is not a Kafka topic name");
    }

    private static DeadLetter withHeader(String name, String value) {
        DeadLetter d = command(5, "RETRIES_EXHAUSTED", "InternalError");
        d.headers().remove(name);
        d.headers().add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return d;
    }

    @Test
    void theOriginalTopicHeaderIsNotTrustedToChooseWhereToWrite() {
        for (String forged : List.of("transcription.stop.dlq", "transcription.stop.outcome",
                "transcription.stop.dlq.replayed", "someone.elses.topic")) {
            assertThat(DEFAULTS.decide(withHeader("dlq.original.topic", forged), false, STOP))
                    .as(forged).isEqualTo(new Verdict.Replay("transcription.stop"));
        }
    }

    @Test
    void aForgedOrMalformedReplayCountIsReportedNotHidden() {
        for (String count : List.of("2147483647", "99999999999", "1001", "-1", "+1", " 3", "3 ", "1e3", "0x10", "abc",
                "٣")) {
            assertThat(DEFAULTS.decide(withHeader("dlq.replay.count", count), false, STOP)).as(count)
                    .isEqualTo(new Verdict.Skip(SkipReason.SUSPECT_REPLAY_COUNT));
            assertThat(options(3, true, false, null).decide(withHeader("dlq.replay.count", count), false, STOP))
                    .as("--force replays it").isEqualTo(new Verdict.Replay("transcription.stop"));
        }
        assertThat(DEFAULTS.decide(withHeader("dlq.replay.count", "1000"), false, STOP))
                .isEqualTo(new Verdict.Skip(SkipReason.MAX_REPLAYS));
        assertThat(withHeader("dlq.replay.count", "2147483647").replayCount())
                .as("a replayed copy starts again at 1, and never overflows").isZero();
    }
}
