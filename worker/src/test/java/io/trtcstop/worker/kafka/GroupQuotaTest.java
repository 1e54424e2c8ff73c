package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void sharesFollowPendingWorkAndAddUpToTheQuotaLessTheHeadroom() {
        Set<TopicPartition> pending = Set.of(P0, P1, P3); // b's partition is caught up
        double a = GroupQuota.shareOf(20, "a", THREE, pending);
        double b = GroupQuota.shareOf(20, "b", THREE, pending);
        double c = GroupQuota.shareOf(20, "c", THREE, pending);
        double usable = 20 * (1 - GroupQuota.HEADROOM);
        assertThat(a + b + c).isCloseTo(usable, within(1e-9));
        assertThat(b).as("only the reserve").isCloseTo(usable * GroupQuota.RESERVE / 3, within(1e-9));
        assertThat(a).as("two of three pending partitions").isCloseTo(2 * c - b, within(1e-9));
    }

    @Test
    void withOneBusyMemberThereIsNoHeadroom() {
        double a = GroupQuota.shareOf(20, "a", THREE, Set.of(P0)); // a backlog on one partition
        assertThat(a).isCloseTo(20 * GroupQuota.RESERVE / 3 + 20 * (1 - GroupQuota.RESERVE), within(1e-9));
        assertThat(a + 2 * GroupQuota.shareOf(20, "b", THREE, Set.of(P0))).isCloseTo(20, within(1e-9));
    }

    @Test
    void withNothingPendingTheQuotaIsSplitByAssignedPartitions() {
        double usable = 20 * (1 - GroupQuota.HEADROOM);
        assertThat(GroupQuota.shareOf(20, "a", THREE, Set.of())).isCloseTo(usable / 2, within(1e-9));
        assertThat(GroupQuota.shareOf(20, "b", THREE, Set.of())).isCloseTo(usable / 4, within(1e-9));
    }

    @Test
    void aMemberWithoutPartitionsGetsOnlyTheReserve() {
        Map<String, Set<TopicPartition>> group = Map.of("a", Set.of(P0, P1), "idle", Set.of());
        assertThat(GroupQuota.shareOf(20, "idle", group, Set.of(P0))).isCloseTo(20 * GroupQuota.RESERVE / 2,
                within(1e-9));
    }
}
