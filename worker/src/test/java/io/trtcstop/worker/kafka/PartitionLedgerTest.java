package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private final TopicPartition tp = new TopicPartition("transcription.stop", 3);
    private final PartitionLedger ledger = new PartitionLedger(tp, 10);

    private static List<ProducerRecord<byte[], byte[]>> out(String name) {
        return List.of(new ProducerRecord<>("out", name.getBytes()));
    }

    @Test
    void commitsOnlyTheFinishedPrefix() {
        PartitionLedger.Entry e10 = ledger.track(10);
        PartitionLedger.Entry e11 = ledger.track(11);
        PartitionLedger.Entry e12 = ledger.track(12);
        ledger.finish(e11, out("11"));
        ledger.finish(e12, out("12"));
        assertThat(ledger.takeCommittable()).isNull(); // 10 still running

        ledger.finish(e10, out("10"));
        PartitionLedger.Committable c = ledger.takeCommittable();
        assertThat(c.nextOffset()).isEqualTo(13);
        assertThat(c.records()).isEqualTo(3);
        assertThat(c.outputs()).extracting(r -> new String(r.value())).containsExactly("10", "11", "12");
        assertThat(ledger.uncommittedCount()).isZero();
        assertThat(ledger.takeCommittable()).isNull();
    }

    @Test
    void carriesExactlyTheOutputsOfTheRecordsItCommits() {
        PartitionLedger.Entry e10 = ledger.track(10);
        PartitionLedger.Entry e11 = ledger.track(11);
        ledger.track(12);
        PartitionLedger.Entry e13 = ledger.track(13);
        ledger.finish(e10, out("10"));
        ledger.finish(e11, List.of(new ProducerRecord<>("out", "11".getBytes()),
                new ProducerRecord<>("dlq", "11-dlq".getBytes())));
        ledger.finish(e13, out("13"));
        PartitionLedger.Committable c = ledger.takeCommittable();
        assertThat(c.nextOffset()).isEqualTo(12);
        assertThat(c.outputs()).extracting(r -> new String(r.value())).containsExactly("10", "11", "11-dlq");
        assertThat(ledger.uncommittedCount()).isEqualTo(2);
    }

    @Test
    void gapsInOffsetsAreFine() {
        PartitionLedger.Entry e10 = ledger.track(10);
        PartitionLedger.Entry e15 = ledger.track(15);
        ledger.finish(e10, out("10"));
        ledger.finish(e15, out("15"));
        assertThat(ledger.takeCommittable().nextOffset()).isEqualTo(16);
    }

    @Test
    void refusesOutOfOrderTrackingAndDoubleFinishing() {
        PartitionLedger.Entry e10 = ledger.track(10);
        assertThatThrownBy(() -> ledger.track(10)).isInstanceOf(IllegalStateException.class);
        ledger.finish(e10, out("10"));
        assertThatThrownBy(() -> ledger.finish(e10, out("10"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void remembersTheCommittedOffsetForRewinds() {
        assertThat(ledger.committedOffset()).isEqualTo(10);
        ledger.committed(42);
        assertThat(ledger.committedOffset()).isEqualTo(42);
        ledger.retire();
        assertThat(ledger.active()).isFalse();
    }
}
