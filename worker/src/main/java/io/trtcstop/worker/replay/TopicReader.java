package io.trtcstop.worker.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic's committed records from given start offsets up to its end offsets as they were when the read began
 * (with {@code read_committed}, the last stable offsets). Records that arrive later are not read: a replay never
 * sees the dead letters its own replays cause. No consumer group: nothing is committed anywhere.
 */
final class TopicReader {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration stallTimeout;
    private final LongSupplier nanoTime;

    TopicReader(KafkaConsumer<byte[], byte[]> consumer, Duration stallTimeout, LongSupplier nanoTime) {
        this.consumer = consumer;
        this.stallTimeout = stallTimeout;
        this.nanoTime = nanoTime;
    }

    List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, stallTimeout);
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, stallTimeout);
    }

    /** Every record of the topic, from the beginning. */
    void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> from = new HashMap<>();
        consumer.beginningOffsets(partitions, stallTimeout).forEach(from::put);
        read(from, endOffsets(partitions), visitor);
    }

    /** Records with {@code from <= offset < until}, per partition. */
    void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> until,
              Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        Map<TopicPartition, Long> pending = new HashMap<>();
        from.forEach((tp, start) -> {
            long end = until.getOrDefault(tp, 0L);
            if (start < end) {
                pending.put(tp, end);
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        consumer.assign(pending.keySet());
        pending.keySet().forEach(tp -> consumer.seek(tp, from.get(tp)));
        long lastProgress = nanoTime.getAsLong();
        while (!pending.isEmpty()) {
            var records = consumer.poll(Duration.ofMillis(200));
            boolean progressed = !records.isEmpty();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = pending.get(tp);
                if (end != null && r.offset() < end) {
                    visitor.accept(r);
                }
            }
            // Positions move past transaction markers and aborted records too, so they, not records, mark the end.
            for (TopicPartition tp : List.copyOf(pending.keySet())) {
                if (consumer.position(tp, stallTimeout) >= pending.get(tp)) {
                    pending.remove(tp);
                    consumer.pause(List.of(tp));
                    progressed = true;
                }
            }
            long now = nanoTime.getAsLong();
            if (progressed) {
                lastProgress = now;
            } else if (now - lastProgress > stallTimeout.toNanos()) {
                throw new ReplayException("reading " + pending.keySet() + " made no progress for " + stallTimeout);
            }
        }
        consumer.unsubscribe();
    }
}
