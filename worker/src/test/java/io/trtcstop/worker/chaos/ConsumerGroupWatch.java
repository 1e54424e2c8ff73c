package io.trtcstop.worker.chaos;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/** The workers' consumer group as the broker describes it: when has a rebalance finished? */
final class ConsumerGroupWatch {

    private ConsumerGroupWatch() {
    }

    /**
     * Waits until the group is stable with exactly {@code members} members that between them own every command
     * partition, and returns when that was seen.
     */
    static Instant awaitStable(ChaosTopics topics, int members, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> isStable(topics, members));
        return Instant.now();
    }

    private static boolean isStable(ChaosTopics topics, int members) throws Exception {
        ConsumerGroupDescription group = topics.broker().admin().describeConsumerGroups(List.of(topics.group))
                .describedGroups().get(topics.group).get(5, TimeUnit.SECONDS);
        if (group.groupState() != GroupState.STABLE || group.members().size() != members) {
            return false;
        }
        long assigned = group.members().stream().map(MemberDescription::assignment)
                .flatMap(a -> a.topicPartitions().stream()).filter(tp -> tp.topic().equals(topics.stop))
                .distinct().count();
        boolean everyMemberHasWork = members > topics.partitions
                || group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        return assigned == topics.partitions && everyMemberHasWork;
    }
}
