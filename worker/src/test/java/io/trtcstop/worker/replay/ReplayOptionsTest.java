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

    @Test
    void aMatchingDeadLetterGoesBackToTheTopicItCameFrom() {
        assertThat(DEFAULTS.decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), false))
                .isEqualTo(new Verdict.Replay("transcription.stop"));
        assertThat(options(3, false, false, "other.topic").decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), false))
                .isEqualTo(new Verdict.Replay("other.topic"));
    }

    @Test
    void theLedgerWinsOverEverything() {
        assertThat(options(3, true, true, null).decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), true))
                .isEqualTo(new Verdict.Skip(SkipReason.ALREADY_REPLAYED));
    }

    @Test
    void invalidCommandsOnlyWithIncludeInvalid() {
        DeadLetter invalid = TestDeadLetters.of(0, 1, T0, "INVALID_COMMAND", "InvalidCommand.NotJson", "x", 0);
        assertThat(DEFAULTS.decide(invalid, false)).isEqualTo(new Verdict.Skip(SkipReason.INVALID_COMMAND));
        assertThat(options(3, false, true, null).decide(invalid, false)).isInstanceOf(Verdict.Replay.class);
    }

    @Test
    void aDeadLetterWithoutItsValueIsNeverReplayed() {
        DeadLetter omitted = TestDeadLetters.of(0, 4, T0, "INVALID_COMMAND", "InvalidCommand.TooLarge", null, 0);
        omitted.headers().add("dlq.value.omitted", "true".getBytes());
        omitted.headers().add("dlq.value.bytes", "2000000".getBytes());
        assertThat(options(3, true, true, null).decide(omitted, false))
                .isEqualTo(new Verdict.Skip(SkipReason.VALUE_OMITTED));
    }

    @Test
    void theLoopGuardSkipsAtMaxReplaysUnlessForced() {
        DeadLetter twice = TestDeadLetters.of(0, 1, T0, "PERMANENT_API_ERROR", "FailedOperation.X", "{}", 2);
        DeadLetter thrice = TestDeadLetters.of(0, 2, T0, "PERMANENT_API_ERROR", "FailedOperation.X", "{}", 3);
        assertThat(DEFAULTS.decide(twice, false)).isInstanceOf(Verdict.Replay.class);
        assertThat(DEFAULTS.decide(thrice, false)).isEqualTo(new Verdict.Skip(SkipReason.MAX_REPLAYS));
        assertThat(options(3, true, false, null).decide(thrice, false)).isInstanceOf(Verdict.Replay.class);
        assertThat(options(0, false, false, null).decide(command(3, "RETRIES_EXHAUSTED", "InternalError"), false))
                .as("--max-replays 0 replays nothing without --force").isEqualTo(new Verdict.Skip(SkipReason.MAX_REPLAYS));
    }

    @Test
    void withoutAnOriginalTopicHeaderOnlyToHelps() {
        DeadLetter foreign = new DeadLetter(new DeadLetterCoordinates("dlq", 0, 1), T0, null, null, new RecordHeaders());
        assertThat(DEFAULTS.decide(foreign, false)).isEqualTo(new Verdict.Skip(SkipReason.NO_TARGET_TOPIC));
        assertThat(options(3, false, false, "transcription.stop").decide(foreign, false))
                .isEqualTo(new Verdict.Replay("transcription.stop"));
        assertThat(foreign.kind()).isEqualTo("(none)");
        assertThat(foreign.replayCount()).isZero();
    }

    @Test
    void notMatchingIsNotASkip() {
        ReplayOptions auth = new ReplayOptions(new ReplayFilter(List.of("AuthFailure."), Set.of(), null, null, null, null),
                0, null, 0, false, 3, false, false);
        assertThat(auth.decide(command(1, "RETRIES_EXHAUSTED", "InternalError"), true)).isEqualTo(new Verdict.NotMatching());
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
}
