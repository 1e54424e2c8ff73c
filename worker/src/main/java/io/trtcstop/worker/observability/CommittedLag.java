package io.trtcstop.worker.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The gauge {@code trtc_stop_committed_lag_records{partition}}: per partition of the command topic, the end
 * offset (read_committed) minus the group's committed offset, as the quota's refresh read them. Unlike the
 * consumer's {@code records-lag-max} it counts what is fetched but not yet committed (up to a pod's buffer), and
 * it keeps reading while fetching is paused (breaker open, buffer full), which is when a lag alert matters.
 *
 * <p>Every instance reports every partition the group has assigned (the refresh reads the whole group's), so
 * alerts take {@code max by (partition)}; a partition no member holds any more is dropped. When a refresh fails,
 * the last values stay: they are at most that old. Thread-safe.
 */
public final class CommittedLag {

    private final MeterRegistry registry;
    private final String topic;
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final Map<Integer, Gauge> gauges = new HashMap<>();

    public CommittedLag(MeterRegistry registry, String topic) {
        this.registry = registry;
        this.topic = topic;
    }

    /** One refresh's reading: the group's committed offsets and the partitions' end offsets. */
    public synchronized void offsetsRead(Map<TopicPartition, OffsetAndMetadata> committed,
                                         Map<TopicPartition, ListOffsetsResultInfo> ends) {
        Map<Integer, Long> now = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (tp.topic().equals(topic)) {
                OffsetAndMetadata c = committed.get(tp);
                now.put(tp.partition(), Math.max(0, end.offset() - (c == null ? 0 : c.offset())));
            }
        });
        lag.putAll(now);
        lag.keySet().retainAll(now.keySet());
        now.keySet().forEach(p -> gauges.computeIfAbsent(p, this::register));
        gauges.entrySet().removeIf(e -> {
            if (now.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
    }

    /** The last reading, by partition. */
    public Map<Integer, Long> byPartition() {
        return Map.copyOf(lag);
    }

    private Gauge register(int partition) {
        return Gauge.builder("trtc.stop.committed.lag.records", lag, l -> l.getOrDefault(partition, 0L))
                .description("Records of the command topic after the group's committed offset, per partition")
                .tag("partition", Integer.toString(partition))
                .strongReference(true)
                .register(registry);
    }
}
