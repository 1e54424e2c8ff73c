package io.trtcstop.worker.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a read record costs the buffer budget while it waits: its key, value and headers (a dead letter copies the
 * headers, and a producer may send as many as the broker takes).
 */
final class RecordBytes {

    private RecordBytes() {
    }

    static int of(ConsumerRecord<byte[], byte[]> record) {
        long bytes = length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            bytes += header.key().length() + length(header.value());
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
