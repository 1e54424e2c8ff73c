package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static ReplayPlan plan(long max) {
        return new ReplayPlan(new ReplayOptions(ReplayFilter.ALL, max, null, 0, false, 3, false, false), "transcription.stop");
    }

    @Test
    void maxKeepsTheOldestAndCountsTheRestAsBeyondMax() {
        ReplayPlan plan = plan(2);
        plan.consider(TestDeadLetters.of(1, 7, T0.plusSeconds(30), "RETRIES_EXHAUSTED", "InternalError", "{}", 0), false);
        plan.consider(TestDeadLetters.of(0, 3, T0.plusSeconds(10), "RETRIES_EXHAUSTED", "InternalError", "{}", 0), false);
        plan.consider(TestDeadLetters.of(2, 9, T0.plusSeconds(20), "PERMANENT_API_ERROR", "AuthFailure.X", "{}", 0), false);
        plan.consider(TestDeadLetters.of(0, 4, T0, "INVALID_COMMAND", "InvalidCommand.Schema", "{}", 0), false);
        plan.finish();
        assertThat(plan.size()).isEqualTo(2);
        assertThat(plan.target(new DeadLetterCoordinates("transcription.stop.dlq", 0, 3))).isEqualTo("transcription.stop");
        assertThat(plan.target(new DeadLetterCoordinates("transcription.stop.dlq", 2, 9))).isEqualTo("transcription.stop");
        assertThat(plan.target(new DeadLetterCoordinates("transcription.stop.dlq", 1, 7))).isNull();
        assertThat(plan.skipped()).containsOnly(Map.entry(SkipReason.INVALID_COMMAND, Map.of("InvalidCommand.Schema", 1L)),
                Map.entry(SkipReason.BEYOND_MAX, Map.of("InternalError", 1L)));
        assertThat(plan.planned().total()).isEqualTo(2);
        assertThat(plan.planned().groups()).extracting(g -> g.key().code() + "=" + g.count())
                .containsExactly("AuthFailure.X=1", "InternalError=1");
        assertThat(plan.scanned()).isEqualTo(4);
    }

    @Test
    void rangesSpanThePlannedOffsetsOfEachPartition() {
        ReplayPlan plan = plan(0);
        for (long offset : new long[] {5, 2, 9}) {
            plan.consider(TestDeadLetters.of(1, offset, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 0), false);
        }
        plan.consider(TestDeadLetters.of(0, 4, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 0), true);
        plan.finish();
        assertThat(plan.ranges()).containsOnlyKeys(1);
        assertThat(plan.ranges().get(1)).containsExactly(2, 10);
        assertThat(plan.targetTopics()).containsExactly("transcription.stop");
    }
}
