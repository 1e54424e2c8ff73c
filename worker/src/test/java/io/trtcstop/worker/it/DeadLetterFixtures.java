package io.trtcstop.worker.it;

import io.trtcstop.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Dead letters written as the worker writes them (the header contract), a ledger topic, and whole-topic reads. */
final class DeadLetterFixtures {

    private DeadLetterFixtures() {
    }

    static String createLedger(KafkaBroker broker) throws Exception {
        String name = "transcription.stop.dlq.replayed." + UUID.randomUUID().toString().substring(0, 8);
        broker.admin().createTopics(List.of(new NewTopic(name, 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get();
        return name;
    }

    /** Writes one dead letter with the contract's headers; returns where it landed. */
    static RecordMetadata write(KafkaProducer<byte[], byte[]> producer, String dlq, String originalTopic,
                                long originalOffset, String kind, String code, String key, String value)
            throws Exception {
        RecordHeaders h = new RecordHeaders();
        put(h, "traceparent", "00-trace-" + originalOffset);
        put(h, "dlq.original.topic", originalTopic);
        put(h, "dlq.original.partition", "0");
        put(h, "dlq.original.offset", Long.toString(originalOffset));
        put(h, "dlq.original.timestamp", "1769847330199");
        put(h, "dlq.consumer.group", "trtc-stop-worker");
        put(h, "dlq.command.id", "cmd-" + originalOffset);
        put(h, "dlq.error.kind", kind);
        put(h, "dlq.error.code", code);
        put(h, "dlq.error.message", "failed in a test");
        put(h, "dlq.attempts", kind.equals("INVALID_COMMAND") ? "0" : "1");
        put(h, "dlq.worker.instance", "worker-it");
        put(h, "dlq.replay.count", "0");
        return producer.send(new ProducerRecord<>(dlq, null, bytes(key), bytes(value), h)).get();
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Every record of a topic up to its current end, read_committed or not. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic, boolean committedOnly) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                });
            }
        }
        return out;
    }

    /** End offsets of a topic, summed over its partitions. */
    static long endOffsets(KafkaBroker broker, String topic) {
        return readEnds(broker, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> readEnds(KafkaBroker broker, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** "partition@offset" of the dead letter a replayed command came from, or null for a command never replayed. */
    static String replayedFrom(ConsumerRecord<byte[], byte[]> command) {
        String offset = header(command, "dlq.replay.source.offset");
        return offset == null ? null : header(command, "dlq.replay.source.partition") + "@" + offset;
    }

    static String at(ConsumerRecord<?, ?> r) {
        return r.partition() + "@" + r.offset();
    }

    private static void put(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
