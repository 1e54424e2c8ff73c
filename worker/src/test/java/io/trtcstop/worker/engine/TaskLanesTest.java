package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskLanesTest {

    private final TaskLanes<String> lanes = new TaskLanes<>();

    @Test
    void differentKeysStartAtOnce() {
        assertThat(lanes.admit("a", "a1")).isTrue();
        assertThat(lanes.admit("b", "b1")).isTrue();
        assertThat(lanes.runningKeys()).isEqualTo(2);
    }

    @Test
    void sameKeyWaitsAndRunsInArrivalOrder() {
        assertThat(lanes.admit("a", "a1")).isTrue();
        assertThat(lanes.admit("a", "a2")).isFalse();
        assertThat(lanes.admit("a", "a3")).isFalse();
        assertThat(lanes.finished("a")).contains("a2");
        assertThat(lanes.finished("a")).contains("a3");
        assertThat(lanes.finished("a")).isEmpty();
        assertThat(lanes.runningKeys()).isZero();
        assertThat(lanes.admit("a", "a4")).isTrue();
    }

    @Test
    void droppedWaitersNeverRun() {
        lanes.admit("a", "a1");
        lanes.admit("a", "lost-a2");
        lanes.admit("a", "a3");
        assertThat(lanes.dropWaiting(w -> w.startsWith("lost"))).isEqualTo(1);
        assertThat(lanes.finished("a")).contains("a3");
    }

    @Test
    void finishingAKeyThatIsNotRunningIsABug() {
        assertThatThrownBy(() -> lanes.finished("nope")).isInstanceOf(IllegalStateException.class);
    }
}
