package io.trtcstop.worker.kafka;

import io.trtcstop.worker.observability.LoopMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when this instance has owned no partition for {@link #IDLE_LIMIT} while the group has lag: records wait
 * and nobody here works on them, typically a group that keeps rebalancing (members dying faster than their
 * sessions expire) or more instances than partitions with a backlog elsewhere. Checks at most once per
 * {@link #IDLE_LIMIT}, on the poll thread, which has nothing else to do while it owns no partition.
 */
final class IdleAssignmentWatch {

    static final Duration IDLE_LIMIT = Duration.ofSeconds(30);
    /** Each of the four lookups; an unanswered one skips this check, it is only for the operator's benefit. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(IdleAssignmentWatch.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final GroupMembership membership;
    private final LoopMonitor monitor;
    private final Clock clock;
    private Instant lastCheck;

    IdleAssignmentWatch(Consumer<byte[], byte[]> consumer, String topic, GroupMembership membership,
                        LoopMonitor monitor, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.membership = membership;
        this.monitor = monitor;
        this.clock = clock;
    }

    void turn() {
        Instant since = membership.emptySince();
        Instant now = clock.instant();
        if (since == null || Duration.between(since, now).compareTo(IDLE_LIMIT) < 0
                || (lastCheck != null && Duration.between(lastCheck, now).compareTo(IDLE_LIMIT) < 0)) {
            return;
        }
        lastCheck = now;
        long lag = groupLag();
        if (lag > 0) {
            log.warn("this instance has had no partition for {} s while the group has a lag of {} record(s) on {}: "
                    + "{}. A group that keeps rebalancing commits nothing; see operations (progress under churn)",
                    Duration.between(since, now).toSeconds(), lag, topic, monitor.waitingReason());
        }
    }

    /** The group's lag on the topic, or -1 when it cannot be told now. */
    private long groupLag() {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
            Set<TopicPartition> all = new HashSet<>();
            infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(all, LOOKUP_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all, LOOKUP_TIMEOUT);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(all, LOOKUP_TIMEOUT);
            long lag = 0;
            for (TopicPartition tp : all) {
                OffsetAndMetadata at = committed.get(tp);
                long from = at != null ? at.offset() : start.getOrDefault(tp, 0L);
                lag += Math.max(0, end.getOrDefault(tp, 0L) - from);
            }
            return lag;
        } catch (KafkaException e) { // a timeout, or the broker away: the check is only advice
            log.debug("cannot tell the group's lag now: {}", e.toString());
            return -1;
        }
    }
}
