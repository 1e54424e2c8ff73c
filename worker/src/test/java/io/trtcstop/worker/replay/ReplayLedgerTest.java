package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReplayLedgerTest {

    private static final Uuid DLQ_ID = Uuid.randomUuid();
    private final ReplayLedger ledger = new ReplayLedger("ledger", "transcription.stop.dlq", DLQ_ID);

    private static ConsumerRecord<byte[], byte[]> read(ProducerRecord<byte[], byte[]> written, long offset) {
        return new ConsumerRecord<>("ledger", 0, offset, written.key(), written.value());
    }

    @Test
    void anEntryWrittenIsAnEntryReadBack() {
        DeadLetter d = TestDeadLetters.of(2, 41, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 1);
        ProducerRecord<byte[], byte[]> entry = ledger.entry(d, "transcription.stop", 2, T0);
        assertThat(entry.topic()).isEqualTo("ledger");
        assertThat(new String(entry.key(), StandardCharsets.UTF_8))
                .isEqualTo("transcription.stop.dlq:" + DLQ_ID + ":2:41");
        JsonNode value = JsonMapper.builder().build().readTree(entry.value());
        assertThat(value.get("ReplayedTo").asString()).isEqualTo("transcription.stop");
        assertThat(value.get("ReplayCount").asInt()).isEqualTo(2);
        assertThat(value.get("DeadLetter").get("Offset").asLong()).isEqualTo(41);

        ReplayLedger fresh = new ReplayLedger("ledger", "transcription.stop.dlq", DLQ_ID);
        fresh.apply(read(entry, 0));
        fresh.apply(read(entry, 1)); // compaction may not have run yet: a repeat counts once
        assertThat(fresh.contains(d.at())).isTrue();
        assertThat(fresh.contains(new DeadLetterCoordinates("transcription.stop.dlq", 2, 42))).isFalse();
        assertThat(fresh.size()).isEqualTo(1);
    }

    @Test
    void aTombstoneForgetsAReplay() {
        DeadLetter d = TestDeadLetters.of(0, 7, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 0);
        ProducerRecord<byte[], byte[]> entry = ledger.entry(d, "transcription.stop", 1, T0);
        ledger.apply(read(entry, 0));
        ledger.apply(new ConsumerRecord<>("ledger", 0, 1, entry.key(), null));
        assertThat(ledger.contains(d.at())).isFalse();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void entriesOfAnotherDeadLetterTopicOrOfARecreatedOneAreIgnored() {
        DeadLetter d = TestDeadLetters.of(0, 7, T0, "RETRIES_EXHAUSTED", "InternalError", "{}", 0);
        ReplayLedger before = new ReplayLedger("ledger", "transcription.stop.dlq", Uuid.randomUuid());
        ledger.apply(read(before.entry(d, "transcription.stop", 1, T0), 0));
        ReplayLedger other = new ReplayLedger("ledger", "other.dlq", DLQ_ID);
        ledger.apply(read(other.entry(d, "transcription.stop", 1, T0), 1));
        ledger.apply(new ConsumerRecord<>("ledger", 0, 2, "garbage".getBytes(), "{}".getBytes()));
        ledger.apply(new ConsumerRecord<>("ledger", 0, 3, null, "{}".getBytes()));
        assertThat(ledger.contains(d.at())).isFalse();
        assertThat(ledger.size()).isZero();
    }
}
