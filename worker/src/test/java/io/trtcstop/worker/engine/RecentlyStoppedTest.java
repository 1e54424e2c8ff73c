package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentlyStoppedTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void remembersUntilTheTtlPasses() {
        RecentlyStopped recent = new RecentlyStopped(10, Duration.ofMinutes(10), clock);
        recent.remember("1/t");
        clock.advance(Duration.ofMinutes(9));
        assertThat(recent.contains("1/t")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(recent.contains("1/t")).isFalse();
    }

    @Test
    void forgetsTheOldestBeyondCapacity() {
        RecentlyStopped recent = new RecentlyStopped(2, Duration.ofMinutes(10), clock);
        recent.remember("a");
        recent.remember("b");
        recent.remember("c");
        assertThat(recent.contains("a")).isFalse();
        assertThat(recent.contains("b")).isTrue();
        assertThat(recent.contains("c")).isTrue();
        assertThat(recent.size()).isEqualTo(2);
    }

    @Test
    void rememberingAgainRenewsTheAge() {
        RecentlyStopped recent = new RecentlyStopped(10, Duration.ofMinutes(10), clock);
        recent.remember("a");
        clock.advance(Duration.ofMinutes(8));
        recent.remember("b");
        recent.remember("a");
        clock.advance(Duration.ofMinutes(3));
        assertThat(recent.contains("a")).isTrue();
        assertThat(recent.contains("b")).isTrue();
    }

    @Test
    void capacityZeroDisablesDeduplication() {
        RecentlyStopped recent = new RecentlyStopped(0, Duration.ofMinutes(10), clock);
        recent.remember("a");
        assertThat(recent.contains("a")).isFalse();
    }
}
