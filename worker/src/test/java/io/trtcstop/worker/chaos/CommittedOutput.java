package io.trtcstop.worker.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the workers committed, as a downstream reader sees it: the outcome and dead-letter topics read with
 * {@code isolation.level=read_committed}, from the beginning, without a consumer group.
 */
final class CommittedOutput implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One outcome event, with the fields the chaos checks need. */
    record Outcome(String source, String taskId, String status, String errorCode, String errorMessage) {
    }

    /** One dead letter: where it came from (its dlq.original.* headers), why, and the value as it was sent. */
    record DeadLetter(String source, String kind, String errorCode, String errorMessage, byte[] value) {
    }

    private final KafkaConsumer<byte[], byte[]> outcomeReader;
    private final KafkaConsumer<byte[], byte[]> deadLetterReader;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    CommittedOutput(ChaosTopics topics) {
        outcomeReader = reader(topics, topics.outcome);
        deadLetterReader = reader(topics, topics.deadLetter);
    }

    private static KafkaConsumer<byte[], byte[]> reader(ChaosTopics topics, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.broker().bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < ChaosTopics.OUTPUT_PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads what was committed since the last call; returns all outcomes so far. */
    synchronized List<Outcome> outcomes() {
        for (ConsumerRecord<byte[], byte[]> r : outcomeReader.poll(Duration.ofMillis(200))) {
            outcomes.add(outcome(r.value()));
        }
        return List.copyOf(outcomes);
    }

    synchronized List<DeadLetter> deadLetters() {
        for (ConsumerRecord<byte[], byte[]> r : deadLetterReader.poll(Duration.ofMillis(200))) {
            deadLetters.add(deadLetter(r));
        }
        return List.copyOf(deadLetters);
    }

    /** Reads both topics up to their last stable offset as of now, so nothing committed before this call is missed. */
    synchronized void readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (KafkaConsumer<byte[], byte[]> reader : List.of(outcomeReader, deadLetterReader)) {
            Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), timeout);
            while (end.entrySet().stream().anyMatch(e -> reader.position(e.getKey(), timeout) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + end + " within " + timeout);
                }
                if (reader == outcomeReader) {
                    outcomes();
                } else {
                    deadLetters();
                }
            }
        }
    }

    private static Outcome outcome(byte[] value) {
        JsonNode o = JSON.readTree(value);
        JsonNode source = o.path("Source");
        JsonNode error = o.path("Error");
        return new Outcome(
                SentRecord.source(text(source.path("Topic")), (int) number(source.path("Partition")),
                        number(source.path("Offset"))),
                text(o.path("TaskId")), text(o.path("Status")), text(error.path("Code")), text(error.path("Message")));
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }

    private static long number(JsonNode node) {
        return node.isIntegralNumber() ? node.longValue() : -1;
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r) {
        String partition = header(r, "dlq.original.partition");
        String offset = header(r, "dlq.original.offset");
        String source = SentRecord.source(header(r, "dlq.original.topic"),
                partition == null ? -1 : Integer.parseInt(partition), offset == null ? -1 : Long.parseLong(offset));
        return new DeadLetter(source, header(r, "dlq.error.kind"), header(r, "dlq.error.code"),
                header(r, "dlq.error.message"), r.value());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        outcomeReader.close(Duration.ofSeconds(5));
        deadLetterReader.close(Duration.ofSeconds(5));
    }
}
