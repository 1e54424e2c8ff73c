package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trtcstop.worker.engine.QuotaLayout.MemberLoad;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuotaLayoutTest {

    private static final double RESERVE_OF_THREE = 20 * QuotaLayout.RESERVE / 3;

    @Test
    void aLoneInstanceKeepsTheWholeQuota() {
        assertThat(QuotaLayout.shares(20, Map.of("a", MemberLoad.backlogged(2))).get("a")).isEqualTo(20.0);
        assertThat(QuotaLayout.shares(20, Map.of("a", MemberLoad.idle(2))).get("a")).isEqualTo(20.0);
        assertThat(QuotaLayout.shares(20, Map.of("a", new MemberLoad(2, true, 1))).get("a"))
                .as("all a busy member's demand is met: the rest is its too").isCloseTo(20, within(1e-9));
    }

    @Test
    void backloggedMembersShareTheQuotaEquallyAndTheSharesAddUpToIt() {
        Map<String, Double> shares = QuotaLayout.shares(20, Map.of(
                "a", MemberLoad.backlogged(2), "b", MemberLoad.idle(1), "c", MemberLoad.backlogged(1)));
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(20, within(1e-9));
        assertThat(shares.get("b")).as("only the reserve").isCloseTo(RESERVE_OF_THREE, within(1e-9));
        assertThat(shares.get("a")).as("two partitions count as much as one").isCloseTo(shares.get("c"),
                within(1e-9));
    }

    @Test
    void lightTrafficGetsWhatItNeedsAndABacklogEverythingElse() {
        // The mixed load of issue 17: a backlog on a's partition, about 2 records a second on b's and c's.
        Map<String, Double> shares = QuotaLayout.shares(20, Map.of(
                "a", MemberLoad.backlogged(2), "b", new MemberLoad(2, true, 2.25), "c", new MemberLoad(2, true, 2)));
        assertThat(shares.get("b")).isCloseTo(RESERVE_OF_THREE + 2.25, within(1e-9));
        assertThat(shares.get("c")).isCloseTo(RESERVE_OF_THREE + 2, within(1e-9));
        assertThat(shares.get("a")).isCloseTo(20 - shares.get("b") - shares.get("c"), within(1e-9));
    }

    @Test
    void demandsAboveAnEqualPartAreCutToIt() {
        Map<String, Double> shares = QuotaLayout.shares(20, Map.of(
                "a", new MemberLoad(1, true, 12), "b", new MemberLoad(1, true, 15), "c", new MemberLoad(1, true, 3)));
        double rest = (20 * (1 - QuotaLayout.RESERVE) - 3) / 2;
        assertThat(shares.get("c")).isCloseTo(RESERVE_OF_THREE + 3, within(1e-9));
        assertThat(shares.get("a")).isCloseTo(RESERVE_OF_THREE + rest, within(1e-9));
        assertThat(shares.get("b")).isCloseTo(RESERVE_OF_THREE + rest, within(1e-9));
    }

    @Test
    void withNothingBusyTheQuotaIsSplitByAssignedPartitions() {
        Map<String, Double> shares = QuotaLayout.shares(20, Map.of(
                "a", MemberLoad.idle(2), "b", MemberLoad.idle(1), "c", MemberLoad.idle(1)));
        assertThat(shares.get("a")).isCloseTo(10, within(1e-9));
        assertThat(shares.get("b")).isCloseTo(5, within(1e-9));
    }

    @Test
    void aMemberWithoutPartitionsGetsOnlyTheReserve() {
        Map<String, Double> shares = QuotaLayout.shares(20, Map.of(
                "a", MemberLoad.backlogged(2), "idle", MemberLoad.idle(0)));
        assertThat(shares.get("idle")).isCloseTo(20 * QuotaLayout.RESERVE / 2, within(1e-9));
    }

    @Test
    void theMembersSlicesAdjoinInTheOrderOfTheirIdsAndCoverTheQuota() {
        TreeMap<String, MemberLoad> loads = new TreeMap<>(Map.of(
                "a", MemberLoad.backlogged(2), "b", MemberLoad.idle(1), "c", new MemberLoad(1, true, 2.5)));
        QuotaSlice a = QuotaLayout.sliceOf(20, "a", loads);
        QuotaSlice b = QuotaLayout.sliceOf(20, "b", loads);
        QuotaSlice c = QuotaLayout.sliceOf(20, "c", loads);
        assertThat(a.from()).isZero();
        assertThat(b.from()).isEqualTo(a.to());
        assertThat(c.from()).isEqualTo(b.to());
        assertThat(c.to()).isCloseTo(20, within(1e-9));
        assertThat(a.rate()).isCloseTo(QuotaLayout.shares(20, loads).get("a"), within(1e-9));
        for (long second = 1_796_000_000L; second < 1_796_000_000L + 1000; second++) {
            assertThat(a.budget(second) + b.budget(second) + c.budget(second)).isLessThanOrEqualTo(20);
        }
    }

    @Test
    void backlogsComeFirstSoThatLightTrafficElsewhereMovesOnlyTheirEnd() {
        TreeMap<String, MemberLoad> loads = new TreeMap<>(Map.of(
                "a", new MemberLoad(1, true, 2), "b", new MemberLoad(1, true, 2.5), "c", MemberLoad.backlogged(1)));
        QuotaSlice c = QuotaLayout.sliceOf(20, "c", loads);
        assertThat(c.from()).isZero();
        loads.put("b", new MemberLoad(1, true, 3));
        QuotaSlice later = QuotaLayout.sliceOf(20, "c", loads);
        assertThat(later.from()).isZero();
        assertThat(later.to()).isCloseTo(c.to() - 0.5, within(1e-9));
        assertThat(QuotaLayout.sliceOf(20, "a", loads).from()).isCloseTo(later.to(), within(1e-9));
    }

    @Test
    void aFractionalQuotaIsRoundedDownToWholeCallsPerSecond() {
        QuotaSlice lone = QuotaLayout.sliceOf(20.5, "a", new TreeMap<>(Map.of("a", MemberLoad.backlogged(1))));
        assertThat(lone.slotsPerSecond()).isEqualTo(20);
        assertThat(lone.rate()).isCloseTo(20, within(1e-9));
    }
}
