package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommittedLagTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommittedLag lag = new CommittedLag(registry, "stop");

    private static TopicPartition p(int partition) {
        return new TopicPartition("stop", partition);
    }

    private static ListOffsetsResultInfo end(long offset) {
        return new ListOffsetsResultInfo(offset, -1, Optional.empty());
    }

    private double gauge(int partition) {
        var g = registry.find("trtc.stop.committed.lag.records").tag("partition", Integer.toString(partition)).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void isTheEndOffsetMinusTheCommittedOnePerPartition() {
        lag.offsetsRead(Map.of(p(0), new OffsetAndMetadata(40), p(1), new OffsetAndMetadata(7),
                        new TopicPartition("other", 0), new OffsetAndMetadata(1)),
                Map.of(p(0), end(100), p(1), end(7), p(2), end(25)));
        assertThat(gauge(0)).isEqualTo(60);
        assertThat(gauge(1)).isZero();
        assertThat(gauge(2)).as("nothing committed yet: all of it").isEqualTo(25);
        assertThat(registry.find("trtc.stop.committed.lag.records").gauges()).hasSize(3);
    }

    @Test
    void followsTheNextReadingAndDropsPartitionsNoMemberHolds() {
        lag.offsetsRead(Map.of(p(0), new OffsetAndMetadata(40)), Map.of(p(0), end(100), p(1), end(10)));
        lag.offsetsRead(Map.of(p(0), new OffsetAndMetadata(90)), Map.of(p(0), end(100)));
        assertThat(gauge(0)).isEqualTo(10);
        assertThat(registry.find("trtc.stop.committed.lag.records").tag("partition", "1").gauge()).isNull();
        assertThat(lag.byPartition()).containsExactly(Map.entry(0, 10L));
    }

    @Test
    void aCommittedOffsetBeyondTheReadEndIsNoNegativeLag() {
        // The end was read after the offsets: records committed in between can put the commit ahead of it.
        lag.offsetsRead(Map.of(p(0), new OffsetAndMetadata(105)), Map.of(p(0), end(100)));
        assertThat(gauge(0)).isZero();
    }
}
