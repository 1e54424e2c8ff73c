package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static io.trtcstop.worker.replay.TestDeadLetters.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {

    private static final DeadLetter AUTH = command(10, "PERMANENT_API_ERROR", "AuthFailure.UnauthorizedOperation");
    private static final DeadLetter TIMEOUT = command(20, "RETRIES_EXHAUSTED", "Transport.Timeout");

    private static ReplayFilter codes(String... codes) {
        return new ReplayFilter(List.of(codes), Set.of(), null, null, null, null);
    }

    @Test
    void aCodeIsExactUnlessItEndsInADot() {
        assertThat(codes("AuthFailure.UnauthorizedOperation").matches(AUTH)).isTrue();
        assertThat(codes("AuthFailure.").matches(AUTH)).isTrue();
        assertThat(codes("AuthFailure.*").matches(AUTH)).isTrue();
        assertThat(codes("AuthFailure").matches(AUTH)).as("no dot: exact").isFalse();
        assertThat(codes("AuthFailure.Unauthorized").matches(AUTH)).isFalse();
        assertThat(codes("Auth.").matches(AUTH)).as("a prefix ends at a dot").isFalse();
    }

    @Test
    void aRepeatedOptionMatchesAnyOfItsValuesAndDifferentOptionsMustAllMatch() {
        ReplayFilter either = codes("AuthFailure.", "Transport.Timeout");
        assertThat(either.matches(AUTH)).isTrue();
        assertThat(either.matches(TIMEOUT)).isTrue();
        ReplayFilter both = new ReplayFilter(List.of("AuthFailure."), Set.of("RETRIES_EXHAUSTED"), null, null, null, null);
        assertThat(both.matches(AUTH)).isFalse();
        assertThat(both.matches(TIMEOUT)).isFalse();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusiveOnTheDeadLetterTime() {
        ReplayFilter window = new ReplayFilter(List.of(), Set.of(), T0.plusSeconds(10), T0.plusSeconds(20), null, null);
        assertThat(window.matches(AUTH)).as("at since").isTrue();
        assertThat(window.matches(TIMEOUT)).as("at until").isFalse();
        assertThat(window.matches(command(9, "RETRIES_EXHAUSTED", "InternalError"))).isFalse();
    }

    @Test
    void sdkAppIdAndTaskIdComeFromTheCommandValue() {
        ReplayFilter app = new ReplayFilter(List.of(), Set.of(), null, null, 1400000001L, null);
        assertThat(app.matches(AUTH)).isTrue();
        assertThat(new ReplayFilter(List.of(), Set.of(), null, null, 1400000002L, null).matches(AUTH)).isFalse();
        assertThat(new ReplayFilter(List.of(), Set.of(), null, null, null, "task-10").matches(AUTH)).isTrue();
        assertThat(new ReplayFilter(List.of(), Set.of(), null, null, null, "task-10").matches(TIMEOUT)).isFalse();
        DeadLetter notJson = TestDeadLetters.of(0, 5, T0, "INVALID_COMMAND", "InvalidCommand.NotJson", "not json", 0);
        assertThat(app.matches(notJson)).as("no SdkAppId to compare").isFalse();
        assertThat(ReplayFilter.ALL.matches(notJson)).isTrue();
    }

    @Test
    void contradictionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new ReplayFilter(List.of(), Set.of("RETRIES"), null, null, null, null))
                .hasMessage("unknown --kind RETRIES: use one of INVALID_COMMAND, PERMANENT_API_ERROR, RETRIES_EXHAUSTED");
        assertThatThrownBy(() -> new ReplayFilter(List.of(), Set.of(), T0, T0, null, null))
                .hasMessageContaining("--since 2026-01-31T08:00:00Z must be before --until");
        assertThatThrownBy(() -> codes(".")).hasMessageContaining("--code needs an error code");
        assertThatThrownBy(() -> new ReplayFilter(List.of(), Set.of(), null, null, null, ""))
                .hasMessage("--task-id must not be empty");
    }

    @Test
    void describesItselfAsTyped() {
        assertThat(ReplayFilter.ALL.describe()).isEqualTo("(every dead letter)");
        assertThat(new ReplayFilter(List.of("AuthFailure."), Set.of("PERMANENT_API_ERROR"), T0, null, 7L, null).describe())
                .isEqualTo("--kind PERMANENT_API_ERROR --code AuthFailure. --since 2026-01-31T08:00:00Z --sdk-app-id 7");
    }
}
