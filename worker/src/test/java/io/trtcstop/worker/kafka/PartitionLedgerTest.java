package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private final TopicPartition tp = new TopicPartition("transcription.stop", 3);
    private final PartitionLedger ledger = new PartitionLedger(tp);

    private static List<ProducerRecord<byte[], byte[]>> out(String name) {
        return List.of(new ProducerRecord<>("out", name.getBytes()));
    }

    private static List<String> values(PartitionLedger.Committable c) {
        return c.outputs().stream().map(r -> r.value() == null ? null : new String(r.value())).toList();
    }

    @Test
    void commitsOnlyTheFinishedPrefix() {
        PartitionLedger.Entry e10 = ledger.track(10, 100);
        PartitionLedger.Entry e11 = ledger.track(11, 100);
        PartitionLedger.Entry e12 = ledger.track(12, 100);
        ledger.finish(e11, out("11"), null);
        ledger.finish(e12, out("12"), null);
        assertThat(ledger.committable()).isNull(); // 10 still running

        ledger.finish(e10, out("10"), null);
        PartitionLedger.Committable c = ledger.committable();
        assertThat(c.nextOffset()).isEqualTo(13);
        assertThat(c.records()).isEqualTo(3);
        assertThat(c.wholeLedger()).isTrue();
        assertThat(values(c)).containsExactly("10", "11", "12");
        ledger.committed(c);
        assertThat(ledger.uncommittedCount()).isZero();
        assertThat(ledger.bufferedBytes()).isZero();
        assertThat(ledger.committable()).isNull();
    }

    @Test
    void anUncommittedPrefixStaysUntilItsTransactionCommits() {
        PartitionLedger.Entry e10 = ledger.track(10, 7);
        ledger.finish(e10, out("10"), "1/ap-guangzhou/t");
        PartitionLedger.Committable first = ledger.committable();
        // the transaction was aborted: nothing is lost, the same content is offered again, with more behind it
        PartitionLedger.Entry e11 = ledger.track(11, 5);
        ledger.finish(e11, out("11"), null);
        PartitionLedger.Committable again = ledger.committable();
        assertThat(values(again)).containsExactly("10", "11");
        assertThat(again.stoppedKeys()).containsExactly("1/ap-guangzhou/t");
        assertThat(ledger.bufferedBytes()).isEqualTo(12);

        ledger.committed(first); // an older committable that did commit removes only its own records
        assertThat(ledger.uncommittedCount()).isEqualTo(1);
        assertThat(ledger.bufferedBytes()).isEqualTo(5);
    }

    @Test
    void carriesExactlyTheOutputsOfTheRecordsItCommits() {
        PartitionLedger.Entry e10 = ledger.track(10, 1);
        PartitionLedger.Entry e11 = ledger.track(11, 1);
        ledger.track(12, 1);
        PartitionLedger.Entry e13 = ledger.track(13, 1);
        ledger.finish(e10, out("10"), null);
        ledger.finish(e11, List.of(new ProducerRecord<>("out", "11".getBytes()),
                new ProducerRecord<>("dlq", "11-dlq".getBytes())), null);
        ledger.finish(e13, out("13"), null);
        PartitionLedger.Committable c = ledger.committable();
        assertThat(c.nextOffset()).isEqualTo(12);
        assertThat(c.wholeLedger()).isFalse();
        assertThat(values(c)).containsExactly("10", "11", "11-dlq");
        ledger.committed(c);
        assertThat(ledger.uncommittedCount()).isEqualTo(2);
        assertThat(ledger.oldestUncommittedOffset()).isEqualTo(12);
    }

    @Test
    void rewritesFinishedOutputsInPlace() {
        PartitionLedger.Entry e10 = ledger.track(10, 1);
        ledger.finish(e10, List.of(new ProducerRecord<>("out", "o".getBytes()),
                new ProducerRecord<>("dlq", "big".getBytes())), null);
        ledger.rewriteOutputs(r -> r.topic().equals("dlq") ? new ProducerRecord<>("dlq", null, r.key(), null) : r);
        assertThat(values(ledger.committable())).containsExactly("o", null);
    }

    @Test
    void gapsInOffsetsAreFine() {
        PartitionLedger.Entry e10 = ledger.track(10, 1);
        PartitionLedger.Entry e15 = ledger.track(15, 1);
        ledger.finish(e10, out("10"), null);
        ledger.finish(e15, out("15"), null);
        assertThat(ledger.committable().nextOffset()).isEqualTo(16);
    }

    @Test
    void refusesOutOfOrderTrackingAndDoubleFinishing() {
        PartitionLedger.Entry e10 = ledger.track(10, 1);
        assertThatThrownBy(() -> ledger.track(10, 1)).isInstanceOf(IllegalStateException.class);
        ledger.finish(e10, out("10"), null);
        assertThatThrownBy(() -> ledger.finish(e10, out("10"), null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retiringForgetsEverything() {
        ledger.track(10, 50);
        ledger.retire();
        assertThat(ledger.active()).isFalse();
        assertThat(ledger.uncommittedCount()).isZero();
        assertThat(ledger.bufferedBytes()).isZero();
    }
}
