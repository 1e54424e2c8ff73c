package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SliceAgreementTest {

    private static final Duration VISIBILITY = Duration.ofMillis(1300);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private SliceAgreement agreement(QuotaSlice first) {
        return new SliceAgreement(first, VISIBILITY, Duration.ofSeconds(5), 0.5, clock);
    }

    @Test
    void aSliceShrinksAtOnce() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 10));
        clock.advance(Duration.ofMillis(10_400));
        assertThat(agreement.offer(new QuotaSlice(20, 0, 5))).isEqualTo(new QuotaSlice(20, 0, 5));
    }

    @Test
    void aSliceGrowsAtTheFirstSecondThatStartsAVisibilityAfterItWasComputed() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(10_400)); // computed at .400: every member has applied it by 11.700
        assertThat(agreement.offer(new QuotaSlice(20, 0, 10))).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(1_500)); // 11.900: visible, but second 11 began before that
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(99)); // 11.999
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(1)); // second 12
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 10));
    }

    @Test
    void aSliceComputedJustAfterTheVisibilityBeforeASecondWaitsForTheNextOne() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(10_701)); // 10.701 + 1.3 s = 12.001: second 12 is too early
        agreement.offer(new QuotaSlice(20, 0, 10));
        clock.advance(Duration.ofMillis(1_299)); // 12.000
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofSeconds(1)); // 13.000
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 10));
    }

    @Test
    void withinASecondTheSliceOnlyShrinks() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 10));
        clock.advance(Duration.ofMillis(10_100));
        agreement.offer(new QuotaSlice(20, 0, 4));
        clock.advance(Duration.ofMillis(300));
        assertThat(agreement.offer(new QuotaSlice(20, 0, 10))).as("10.4: the 4 of 10.1 still holds")
                .isEqualTo(new QuotaSlice(20, 0, 4));
        clock.advance(Duration.ofMillis(1_500)); // 11.9: second 11's window, from 9.7, holds 10.1's slice
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 4));
        clock.advance(Duration.ofMillis(100)); // 12.0: second 12's, from 10.7, holds only 10.4's
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 10));
    }

    @Test
    void aMovedSliceKeepsOnlyItsOverlapWithTheOldOneUntilItSettles() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(agreement.offer(new QuotaSlice(20, 5, 15))).isEqualTo(new QuotaSlice(20, 5, 10));
        assertThat(agreement.offer(new QuotaSlice(20, 12, 20)).rate()).as("no overlap at all: nothing").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(agreement.offer(new QuotaSlice(20, 12, 20))).isEqualTo(new QuotaSlice(20, 12, 20));
    }

    @Test
    void aLargerVisibilityAppliesToSlicesAlreadyComputed() {
        SliceAgreement agreement = agreement(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofMillis(10_400));
        agreement.offer(new QuotaSlice(20, 0, 10));
        agreement.visibility(Duration.ofMillis(2_500)); // the reads got slow: visible only by 12.900
        clock.advance(Duration.ofMillis(1_600)); // 12.0
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 5));
        clock.advance(Duration.ofSeconds(1)); // 13.0
        assertThat(agreement.current()).isEqualTo(new QuotaSlice(20, 0, 10));
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
