package io.trtcstop.worker.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which dead letters were replayed, kept on a compacted Kafka topic: one entry per replayed dead letter, keyed by its
 * coordinates, written in the same transaction as the replayed record. The key includes the dead-letter topic's
 * id, so a deleted and re-created dead-letter topic (whose offsets start again at 0) does not look replayed.
 * A tombstone (null value) for a key forgets that replay, so an operator can allow it again.
 */
final class ReplayLedger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String ledgerTopic;
    private final String deadLetterTopic;
    private final Uuid deadLetterTopicId;
    private final Map<Integer, Set<Long>> replayed = new HashMap<>();
    private long entries;

    ReplayLedger(String ledgerTopic, String deadLetterTopic, Uuid deadLetterTopicId) {
        this.ledgerTopic = ledgerTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.deadLetterTopicId = deadLetterTopicId;
    }

    String topic() {
        return ledgerTopic;
    }

    /** Applies one ledger record (in topic order); entries of other dead-letter topics are ignored. */
    void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        String prefix = keyPrefix();
        if (!key.startsWith(prefix)) {
            return;
        }
        String[] parts = key.substring(prefix.length()).split(":");
        if (parts.length != 2) {
            return;
        }
        try {
            int partition = Integer.parseInt(parts[0]);
            long offset = Long.parseLong(parts[1]);
            Set<Long> offsets = replayed.computeIfAbsent(partition, p -> new HashSet<>());
            if (r.value() == null) {
                if (offsets.remove(offset)) {
                    entries--;
                }
            } else if (offsets.add(offset)) {
                entries++;
            }
        } catch (NumberFormatException e) {
            // not one of ours: ignore
        }
    }

    boolean contains(DeadLetterCoordinates at) {
        return replayed.getOrDefault(at.partition(), Set.of()).contains(at.offset());
    }

    long size() {
        return entries;
    }

    /** The ledger entry that records this replay; sent in the transaction that sends the replayed record. */
    ProducerRecord<byte[], byte[]> entry(DeadLetter d, String target, int replayCount, Instant at) {
        ObjectNode value = JSON.createObjectNode();
        ObjectNode source = value.putObject("DeadLetter");
        source.put("Topic", d.at().topic());
        source.put("TopicId", deadLetterTopicId.toString());
        source.put("Partition", d.at().partition());
        source.put("Offset", d.at().offset());
        value.put("ErrorKind", d.kind());
        value.put("ErrorCode", d.code());
        value.put("ReplayedTo", target);
        value.put("ReplayCount", replayCount);
        value.put("ReplayedAt", at.toString());
        byte[] key = key(d.at()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(ledgerTopic, null, key, JSON.writeValueAsBytes(value));
    }

    void recordReplayed(DeadLetterCoordinates at) {
        if (replayed.computeIfAbsent(at.partition(), p -> new HashSet<>()).add(at.offset())) {
            entries++;
        }
    }

    String key(DeadLetterCoordinates at) {
        return keyPrefix() + at.partition() + ":" + at.offset();
    }

    private String keyPrefix() {
        return deadLetterTopic + ":" + deadLetterTopicId + ":";
    }
}
