package io.trtcstop.worker.it;

import io.trtcstop.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A fresh set of the worker's three topics for one test, with a producer of commands and read_committed readers
 * of outcomes and dead letters.
 */
final class CommandTopics implements AutoCloseable {

    final String stop;
    final String outcome;
    final String deadLetter;
    final String group;
    private final KafkaBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> outcomeReader;
    private final KafkaConsumer<byte[], byte[]> deadLetterReader;
    private final List<ConsumerRecord<byte[], byte[]>> outcomes = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();

    CommandTopics(KafkaBroker broker, int partitions) {
        this.broker = broker;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.stop = "transcription.stop." + suffix;
        this.outcome = "transcription.stop.outcome." + suffix;
        this.deadLetter = "transcription.stop.dlq." + suffix;
        this.group = "trtc-stop-worker-" + suffix;
        broker.createTopics(partitions, stop);
        broker.createTopics(3, outcome, deadLetter);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p);
        outcomeReader = reader(outcome);
        deadLetterReader = reader(deadLetter);
    }

    private KafkaConsumer<byte[], byte[]> reader(String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Sends and waits for the broker's acknowledgement, so the test knows exactly what was written. */
    Future<RecordMetadata> send(String key, String value) {
        return send(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    Future<RecordMetadata> send(byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(stop, key, value));
    }

    void send(Integer partition, String key, String value) {
        producer.send(new ProducerRecord<>(stop, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    void flush() {
        producer.flush();
    }

    /** Everything committed on the outcome topic so far (reads on from where the last call stopped). */
    synchronized List<ConsumerRecord<byte[], byte[]>> outcomes() {
        outcomeReader.poll(Duration.ofMillis(100)).forEach(outcomes::add);
        return List.copyOf(outcomes);
    }

    /** Every outcome committed by now: reads until the reader's position reaches each partition's end. */
    synchronized List<ConsumerRecord<byte[], byte[]>> outcomesToEnd() {
        readToEnd(outcomeReader, outcome, outcomes);
        return List.copyOf(outcomes);
    }

    synchronized List<ConsumerRecord<byte[], byte[]>> deadLettersToEnd() {
        readToEnd(deadLetterReader, deadLetter, deadLetters);
        return List.copyOf(deadLetters);
    }

    /** For read_committed readers the end is the last stable offset, so nothing committed before the call is missed. */
    private static void readToEnd(KafkaConsumer<byte[], byte[]> reader, String topic,
                                  List<ConsumerRecord<byte[], byte[]>> into) {
        List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(reader.assignment().containsAll(partitions)
                && partitions.stream().allMatch(tp -> reader.position(tp) >= end.get(tp)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reader of " + topic + " did not reach " + end);
            }
            reader.poll(Duration.ofMillis(100)).forEach(into::add);
        }
    }

    synchronized List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        deadLetterReader.poll(Duration.ofMillis(100)).forEach(deadLetters::add);
        return List.copyOf(deadLetters);
    }

    /** The worker group's committed offsets, summed over partitions. */
    long committedOffsets() throws ExecutionException, InterruptedException {
        return broker.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                .mapToLong(o -> o == null ? 0 : o.offset()).sum();
    }

    /** The worker group's members as the group coordinator lists them now. */
    Collection<MemberDescription> members() throws ExecutionException, InterruptedException {
        return broker.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members();
    }

    /** The worker group's committed offset for each partition of the stop topic (absent: none committed). */
    Map<TopicPartition, Long> committedByPartition() throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> committed = new HashMap<>();
        broker.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .forEach((tp, o) -> {
                    if (o != null) {
                        committed.put(tp, o.offset());
                    }
                });
        return committed;
    }

    /** The stop topic's end offset for each partition (after any transaction marker). */
    Map<TopicPartition, Long> endOffsets(int partitions) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(stop, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        broker.admin().listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Environment for a worker reading these topics. */
    Map<String, String> workerEnv(String bootstrap, String endpoint, String instanceId) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STOP_TOPIC", stop);
        env.put("OUTCOME_TOPIC", outcome);
        env.put("DLQ_TOPIC", deadLetter);
        env.put("CONSUMER_GROUP", group);
        if (instanceId != null) { // null: dynamic membership, as without WORKER_INSTANCE_ID
            env.put("WORKER_INSTANCE_ID", instanceId);
        }
        env.put("TRTC_ENDPOINT", endpoint);
        env.put("TRTC_REGION", "ap-singapore");
        env.put("TENCENTCLOUD_SECRET_ID", Emulators.SECRET_ID);
        env.put("TENCENTCLOUD_SECRET_KEY", Emulators.SECRET_KEY);
        env.put("TRTC_RATE_LIMIT", "1000");
        env.put("RETRY_INITIAL_BACKOFF", "10ms");
        env.put("RETRY_MAX_BACKOFF", "200ms");
        env.put("TRTC_THROTTLE_PAUSE", "100ms");
        env.put("TRTC_REQUEST_TIMEOUT", "2s");
        env.put("COMMIT_INTERVAL", "50ms");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0"); // ephemeral: several workers share a machine (and a JVM) in tests
        return env;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        outcomeReader.close(Duration.ofSeconds(5));
        deadLetterReader.close(Duration.ofSeconds(5));
    }
}
