package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private final TopicPartition tp = new TopicPartition("transcription.stop", 3);
    private final PartitionLedger ledger = loaded(new PartitionLedger(tp), Set.of());

    private static PartitionLedger loaded(PartitionLedger ledger, Set<Long> finishedEarlier) {
        ledger.loaded(finishedEarlier);
        return ledger;
    }

    private static List<ProducerRecord<byte[], byte[]>> out(String name) {
        return List.of(new ProducerRecord<>("out", name.getBytes()));
    }

    private static List<String> values(PartitionLedger.Committable c) {
        return c.outputs().stream().map(r -> r.value() == null ? null : new String(r.value())).toList();
    }

    @Test
    void commitsTheFinishedPrefixAndWhatFinishedAboveTheFirstRunningRecord() {
        PartitionLedger.Entry e10 = ledger.track(10, 100);
        PartitionLedger.Entry e11 = ledger.track(11, 100);
        PartitionLedger.Entry e12 = ledger.track(12, 100);
        ledger.finish(e11, out("11"), "k11");
        ledger.finish(e12, out("12"), null);

        PartitionLedger.Committable early = ledger.committable(); // 10 still running
        assertThat(early.nextOffset()).isEqualTo(10);
        assertThat(early.finishedAbove()).containsExactly(11L, 12L);
        assertThat(early.headRecords()).isZero();
        assertThat(early.outcomes()).isEqualTo(2);
        assertThat(early.newlyCommittedAbove()).containsExactly(11L, 12L);
        assertThat(values(early)).containsExactly("11", "12");
        assertThat(early.stoppedKeys()).containsExactly("k11");
        ledger.committed(early);
        assertThat(ledger.uncommittedCount()).as("kept until the committed offset passes them").isEqualTo(3);
        assertThat(ledger.bufferedBytes()).as("their values are no longer needed").isEqualTo(100);
        assertThat(ledger.committable()).as("nothing new to commit").isNull();

        ledger.finish(e10, out("10"), null);
        PartitionLedger.Committable c = ledger.committable();
        assertThat(c.nextOffset()).isEqualTo(13);
        assertThat(c.headRecords()).isEqualTo(3);
        assertThat(c.outcomes()).as("11 and 12 are written already").isEqualTo(1);
        assertThat(c.finishedAbove()).isEmpty();
        assertThat(c.wholeLedger()).isTrue();
        assertThat(values(c)).containsExactly("10");
        ledger.committed(c);
        assertThat(ledger.uncommittedCount()).isZero();
        assertThat(ledger.bufferedBytes()).isZero();
        assertThat(ledger.committable()).isNull();
    }

    @Test
    void anAbortedEarlyCommitIsOfferedAgain() {
        ledger.track(10, 1);
        PartitionLedger.Entry e11 = ledger.track(11, 1);
        ledger.finish(e11, out("11"), null);
        ledger.committable(); // its transaction aborted: committed(...) is never called
        PartitionLedger.Entry e12 = ledger.track(12, 1);
        ledger.finish(e12, out("12"), null);
        PartitionLedger.Committable again = ledger.committable();
        assertThat(values(again)).containsExactly("11", "12");
        assertThat(again.finishedAbove()).containsExactly(11L, 12L);
    }

    @Test
    void recordsAnEarlierOwnerFinishedAreSkippedAndStillDescribedUntilRead() {
        PartitionLedger taken = loaded(new PartitionLedger(tp), Set.of(12L, 14L, 20L));
        PartitionLedger.Entry e10 = taken.track(10, 1);
        assertThat(e10.alreadyCommitted()).isFalse();
        assertThat(taken.track(12, 1).alreadyCommitted()).isTrue();
        PartitionLedger.Entry e13 = taken.track(13, 1);
        assertThat(taken.track(14, 1).alreadyCommitted()).isTrue();
        assertThat(taken.bufferedBytes()).isEqualTo(2);

        taken.finish(e13, out("13"), null);
        PartitionLedger.Committable c = taken.committable();
        assertThat(c.nextOffset()).isEqualTo(10);
        assertThat(c.finishedAbove()).as("20 is not read yet but still finished").containsExactly(12L, 13L, 14L, 20L);
        assertThat(values(c)).containsExactly("13");
        taken.committed(c);

        taken.finish(e10, out("10"), null);
        PartitionLedger.Committable rest = taken.committable();
        assertThat(rest.nextOffset()).isEqualTo(15);
        assertThat(rest.headRecords()).isEqualTo(4);
        assertThat(rest.outcomes()).isEqualTo(1);
        assertThat(rest.finishedAbove()).containsExactly(20L);
        assertThat(values(rest)).containsExactly("10");
    }

    @Test
    void onlySkippedRecordsStillMoveTheCommittedOffset() {
        PartitionLedger taken = loaded(new PartitionLedger(tp), Set.of(7L, 8L));
        taken.track(7, 1);
        taken.track(8, 1);
        PartitionLedger.Committable c = taken.committable();
        assertThat(c.nextOffset()).isEqualTo(9);
        assertThat(c.headRecords()).isEqualTo(2);
        assertThat(c.outcomes()).isZero();
        assertThat(c.outputs()).isEmpty();
    }

    @Test
    void anInheritedOffsetNeverReadIsForgotten() {
        PartitionLedger taken = loaded(new PartitionLedger(tp), Set.of(11L, 30L));
        taken.track(10, 1);
        PartitionLedger.Entry e12 = taken.track(12, 1); // 11 was, say, an aborted record: never delivered
        taken.finish(e12, out("12"), null);
        assertThat(taken.committable().finishedAbove()).containsExactly(12L, 30L);
    }

    @Test
    void aRecordTooFarAboveTheFirstRunningOneWaits() {
        ledger.track(0, 1);
        PartitionLedger.Entry far = ledger.track(FinishedAbove.MAX_SPAN, 1);
        ledger.finish(far, out("far"), null);
        assertThat(ledger.committable()).isNull();
        PartitionLedger.Entry near = ledger.track(FinishedAbove.MAX_SPAN + 1, 1);
        ledger.finish(near, out("near"), null);
        assertThat(ledger.committable()).isNull();
    }

    @Test
    void nothingIsTrackedBeforeTheCommittedMetadataIsRead() {
        PartitionLedger fresh = new PartitionLedger(tp);
        assertThat(fresh.isLoaded()).isFalse();
        assertThatThrownBy(() -> fresh.track(0, 1)).isInstanceOf(IllegalStateException.class);
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
        assertThat(c.finishedAbove()).containsExactly(13L);
        assertThat(values(c)).containsExactly("10", "11", "11-dlq", "13");
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

    @Test
    void recordsCommittedAboveARetryingOneNoLongerCountAsBuffered() {
        // One command retries for minutes while the ones behind it finish and are committed early: they must not
        // fill the buffer budget, or a single retrying command pauses every partition of the instance.
        PartitionLedger.Entry slow = ledger.track(10, 100);
        for (long offset = 11; offset < 20; offset++) {
            ledger.finish(ledger.track(offset, 100), out(Long.toString(offset)), null);
        }
        assertThat(ledger.bufferedRecords()).isEqualTo(10);
        ledger.committed(ledger.committable());
        assertThat(ledger.bufferedRecords()).as("only the retrying one holds memory").isEqualTo(1);
        assertThat(ledger.uncommittedCount()).as("the rest wait, offsets only, for the committed offset").isEqualTo(10);

        ledger.finish(slow, out("10"), null);
        ledger.committed(ledger.committable());
        assertThat(ledger.bufferedRecords()).isZero();
    }

    @Test
    void recordsAnEarlierOwnerFinishedDoNotCountAsBuffered() {
        PartitionLedger inheriting = loaded(new PartitionLedger(tp), Set.of(11L, 12L));
        inheriting.track(10, 100);
        inheriting.track(11, 100);
        inheriting.track(12, 100);
        assertThat(inheriting.bufferedRecords()).isEqualTo(1);
    }

    @Test
    void aBatchInterruptedPartwayNeverCommitsThePositionPastUntrackedRecords() {
        // accept() threw at offset 12 of a batch 10..14: the consumer's position is 15, but 12..14 were never
        // tracked. Committing the position would skip them for ever; committing past 11 redoes them elsewhere.
        ledger.reading();
        ledger.finish(ledger.track(10, 100), out("10"), null);
        ledger.finish(ledger.track(11, 100), out("11"), null);
        PartitionLedger.Committable c = ledger.committable();
        assertThat(c.nextOffset()).isEqualTo(12);
        assertThat(c.wholeLedger()).as("the position is not ours to commit").isFalse();

        ledger.caughtUp(); // the batch was tracked to its end: now the position may be committed
        assertThat(ledger.committable().wholeLedger()).isTrue();
    }
}
