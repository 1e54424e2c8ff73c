package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SliceAgreementTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private SliceAgreement agreement(QuotaSlice first) {
        return new SliceAgreement(first, Duration.ofSeconds(3), Duration.ofSeconds(5), 0.5, clock);
    }

    @Test
    void aSliceShrinksAtOnce() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 10));
        assertThat(agreement.offer(new QuotaSlice(20, 0, 5))).isEqualTo(new QuotaSlice(20, 0, 5));
    }

    @Test
    void aSliceGrowsOnlyOnceTheLargerOneHasHeldForTheSettlingTime() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofSeconds(10));
        assertThat(agreement.offer(new QuotaSlice(20, 0, 10))).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(2900));
        assertThat(agreement.offer(new QuotaSlice(20, 0, 10))).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(100));
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 10));
    }

    @Test
    void aMovedSliceKeepsOnlyItsOverlapWithTheOldOneUntilItSettles() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(agreement.offer(new QuotaSlice(20, 5, 15))).isEqualTo(new QuotaSlice(20, 5, 10));
        assertThat(agreement.offer(new QuotaSlice(20, 12, 20)).rate()).as("no overlap at all: nothing").isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(agreement.offer(new QuotaSlice(20, 12, 20))).isEqualTo(new QuotaSlice(20, 12, 20));
    }

    @Test
    void aStaleSliceExpiresToTheMinimumInsideItselfAndAFreshOneEndsThat() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 4, 10));
        clock.advance(Duration.ofSeconds(5));
        assertThat(agreement.stale()).isFalse();
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 4, 10));
        clock.advance(Duration.ofMillis(1));
        assertThat(agreement.stale()).isTrue();
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 4, 4.5));
        assertThat(agreement.offer(new QuotaSlice(20, 4, 10))).isEqualTo(new QuotaSlice(20, 4, 10));
        assertThat(agreement.stale()).isFalse();
    }
}
