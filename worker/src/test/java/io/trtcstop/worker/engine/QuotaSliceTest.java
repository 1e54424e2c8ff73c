package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaSliceTest {

    private static final long START = 1_796_000_000L; // a second in 2026

    @Test
    void adjoiningSlicesShareEverySecondsBudgetExactly() {
        // three instances of a group on a 20/s quota, as GroupQuota lays them out
        List<QuotaSlice> group = List.of(new QuotaSlice(20, 0, 6.5), new QuotaSlice(20, 6.5, 13.1),
                new QuotaSlice(20, 13.1, 20));
        for (long second = START; second < START + 10_000; second++) {
            int sum = 0;
            for (QuotaSlice slice : group) {
                int budget = slice.budget(second);
                assertThat(budget).isBetween((int) Math.floor(slice.rate()), (int) Math.ceil(slice.rate()));
                sum += budget;
            }
            assertThat(sum).as("second " + second).isEqualTo(20);
        }
    }

    @Test
    void aSlicesBudgetAveragesItsRate() {
        QuotaSlice slice = new QuotaSlice(20, 3.25, 9.95);
        long total = 0;
        int seconds = 1_000;
        for (long second = START; second < START + seconds; second++) {
            total += slice.budget(second);
        }
        assertThat((double) total / seconds).isCloseTo(6.7, within(0.01));
    }

    @Test
    void aSmallSliceGetsACallEveryFewSeconds() {
        QuotaSlice reserve = new QuotaSlice(20, 19.5, 20);
        long total = 0;
        for (long second = START; second < START + 100; second++) {
            total += reserve.budget(second);
        }
        assertThat(total).isBetween(49L, 51L);
    }

    @Test
    void aFixedRateIsALineOfItsOwn() {
        QuotaSlice fixed = QuotaSlice.whole(6.5);
        assertThat(fixed.slotsPerSecond()).isEqualTo(7);
        assertThat(fixed.rate()).isEqualTo(6.5);
        assertThat(QuotaSlice.whole(1000).budget(START)).isEqualTo(1000);
        assertThat(QuotaSlice.whole(0.2).slotsPerSecond()).isEqualTo(1);
    }

    @Test
    void shrinkingStaysInsideTheInterval() {
        QuotaSlice half = new QuotaSlice(20, 4, 10).shrunk(0.5);
        assertThat(half.from()).isEqualTo(4);
        assertThat(half.to()).isEqualTo(7);
    }

    @Test
    void refusesSlicesOutsideTheLine() {
        assertThatThrownBy(() -> new QuotaSlice(20, 5, 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaSlice(20, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuotaSlice.whole(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
