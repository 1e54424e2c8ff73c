package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChangeVisibilityTest {

    private final ChangeVisibility visibility = new ChangeVisibility(Duration.ofMillis(500), Duration.ofMillis(250));

    @Test
    void aRefreshPeriodTwiceTheSlowestRefreshTwiceTheClockToleranceAndSlack() {
        assertThat(visibility.current()).as("before any refresh: the assumed 250 ms")
                .isEqualTo(Duration.ofMillis(500 + 2 * 250 + 2 * 100 + 100));
        assertThat(visibility.refreshed(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void aSlowRefreshCountsUntilTwentyOthersFollowedIt() {
        visibility.refreshed(Duration.ofMillis(100));
        assertThat(visibility.refreshed(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(1_600));
        for (int i = 1; i < ChangeVisibility.KEPT; i++) {
            assertThat(visibility.refreshed(Duration.ofMillis(100))).as("refresh %d after the slow one", i)
                    .isEqualTo(Duration.ofMillis(1_600));
        }
        assertThat(visibility.refreshed(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(1_000));
    }
}
