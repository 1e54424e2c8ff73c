package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.trtcstop.worker.engine.QuotaSlice;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupQuotaTest {

    private static final TopicPartition P0 = new TopicPartition("stop", 0);
    private static final TopicPartition P1 = new TopicPartition("stop", 1);
    private static final TopicPartition P2 = new TopicPartition("stop", 2);
    private static final TopicPartition P3 = new TopicPartition("stop", 3);
    private static final Map<String, Set<TopicPartition>> THREE = Map.of(
            "a", Set.of(P0, P1), "b", Set.of(P2), "c", Set.of(P3));

    @Test
    void aLoneInstanceKeepsTheWholeQuota() {
        assertThat(GroupQuota.shareOf(20, "a", Map.of("a", Set.of(P0, P1)), Set.of(P0))).isEqualTo(20.0);
        assertThat(GroupQuota.shareOf(20, "a", Map.of("a", Set.of(P0, P1)), Set.of())).isEqualTo(20.0);
    }

    @Test
    void membersWithPendingWorkShareTheQuotaEquallyAndTheSharesAddUpToIt() {
        Set<TopicPartition> pending = Set.of(P0, P1, P3); // b's partition is caught up
        double a = GroupQuota.shareOf(20, "a", THREE, pending);
        double b = GroupQuota.shareOf(20, "b", THREE, pending);
        double c = GroupQuota.shareOf(20, "c", THREE, pending);
        assertThat(a + b + c).isCloseTo(20, within(1e-9));
        assertThat(b).as("only the reserve").isCloseTo(20 * GroupQuota.RESERVE / 3, within(1e-9));
        assertThat(a).as("two pending partitions count as much as one").isCloseTo(c, within(1e-9));
        assertThat(GroupQuota.shareOf(20, "a", THREE, Set.of(P0))).as("a backlog on one partition")
                .isCloseTo(20 * GroupQuota.RESERVE / 3 + 20 * (1 - GroupQuota.RESERVE), within(1e-9));
    }

    @Test
    void withNothingPendingTheQuotaIsSplitByAssignedPartitions() {
        assertThat(GroupQuota.shareOf(20, "a", THREE, Set.of())).isCloseTo(10, within(1e-9));
        assertThat(GroupQuota.shareOf(20, "b", THREE, Set.of())).isCloseTo(5, within(1e-9));
    }

    @Test
    void aMemberWithoutPartitionsGetsOnlyTheReserve() {
        Map<String, Set<TopicPartition>> group = Map.of("a", Set.of(P0, P1), "idle", Set.of());
        assertThat(GroupQuota.shareOf(20, "idle", group, Set.of(P0))).isCloseTo(20 * GroupQuota.RESERVE / 2,
                within(1e-9));
    }

    @Test
    void theMembersSlicesAdjoinInTheOrderOfTheirIdsAndCoverTheQuota() {
        Set<TopicPartition> pending = Set.of(P0, P3);
        QuotaSlice a = GroupQuota.sliceOf(20, "a", THREE, pending);
        QuotaSlice b = GroupQuota.sliceOf(20, "b", THREE, pending);
        QuotaSlice c = GroupQuota.sliceOf(20, "c", THREE, pending);
        assertThat(a.from()).isZero();
        assertThat(b.from()).isEqualTo(a.to());
        assertThat(c.from()).isEqualTo(b.to());
        assertThat(c.to()).isCloseTo(20, within(1e-9));
        assertThat(a.rate()).isCloseTo(GroupQuota.shareOf(20, "a", THREE, pending), within(1e-9));
        for (long second = 1_796_000_000L; second < 1_796_000_000L + 1000; second++) {
            assertThat(a.budget(second) + b.budget(second) + c.budget(second)).isLessThanOrEqualTo(20);
        }
    }

    @Test
    void aFractionalQuotaIsRoundedDownToWholeCallsPerSecond() {
        QuotaSlice lone = GroupQuota.sliceOf(20.5, "a", Map.of("a", Set.of(P0)), Set.of(P0));
        assertThat(lone.slotsPerSecond()).isEqualTo(20);
        assertThat(lone.rate()).isCloseTo(20, within(1e-9));
    }
}
