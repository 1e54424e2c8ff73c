package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordBytesTest {

    @Test
    void headersCountAsMuchAsKeyAndValue() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[1000]);
        headers.add("empty", null);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 5, 0, TimestampType.CREATE_TIME, 3, 10,
                new byte[3], new byte[10], headers, Optional.empty());
        assertThat(RecordBytes.of(record)).isEqualTo(3 + 10 + "trace".length() + 1000 + "empty".length());
    }

    @Test
    void aRecordWithNothingCostsNothing() {
        assertThat(RecordBytes.of(new ConsumerRecord<>("t", 0, 5, null, null))).isZero();
    }
}
