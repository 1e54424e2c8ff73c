package io.trtcstop.worker.replay;

import io.trtcstop.worker.outcome.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The command record a replay re-publishes: the dead letter's key and value bytes unchanged, the original producer's
 * own headers, {@code dlq.replay.count} incremented and a reference to the dead letter it came from. The other
 * {@code dlq.*} headers stay behind: they describe the old failure, not the new attempt.
 */
final class ReplayedCommand {

    private ReplayedCommand() {
    }

    static ProducerRecord<byte[], byte[]> of(DeadLetter d, String target) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : d.headers()) {
            if (!h.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(h);
            }
        }
        add(headers, DeadLetterHeaders.REPLAY_COUNT, Integer.toString(d.replays().next()));
        add(headers, DeadLetterHeaders.REPLAY_SOURCE_TOPIC, d.at().topic());
        add(headers, DeadLetterHeaders.REPLAY_SOURCE_PARTITION, Integer.toString(d.at().partition()));
        add(headers, DeadLetterHeaders.REPLAY_SOURCE_OFFSET, Long.toString(d.at().offset()));
        // No partition: the producer partitions by key, so a replayed command joins its TaskId's other commands.
        return new ProducerRecord<>(target, null, d.key(), d.value(), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
