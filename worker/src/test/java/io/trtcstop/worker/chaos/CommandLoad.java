package io.trtcstop.worker.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends command records as upstream services would, and remembers each one as the broker acknowledged it (topic,
 * partition, offset) with what the worker must make of it.
 */
final class CommandLoad implements AutoCloseable {

    static final long SDK_APP_ID = 1400000007L;

    private record Pending(Future<RecordMetadata> ack, Expected expected, byte[] value) {
    }

    private final ChaosTopics topics;
    private final ChaosApi api;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Pending> pending = new ArrayList<>();
    private final List<SentRecord> sent = new ArrayList<>();
    private int commands;

    CommandLoad(ChaosTopics topics, ChaosApi api) {
        this.topics = topics;
        this.api = api;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        producer = new KafkaProducer<>(p);
    }

    /** A running task in the emulator and a stop command for it, keyed by TaskId (so spread over partitions). */
    void stopCommand() {
        stopCommand(null);
    }

    /** @param partition the partition to write to, or null for the key's */
    void stopCommand(Integer partition) {
        int n = ++commands;
        String task = api.emulator().createTask(SDK_APP_ID, "chaos-room-" + n);
        String json = "{\"SdkAppId\":" + SDK_APP_ID + ",\"TaskId\":\"" + task + "\",\"CommandId\":\"chaos-" + n
                + "\",\"RoomId\":\"chaos-room-" + n + "\"}";
        send(partition, task.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                new Expected.Stop(task));
    }

    void stopCommands(int count) {
        for (int i = 0; i < count; i++) {
            stopCommand();
        }
    }

    /** A malformed record; keys vary too (none, binary, text), since the worker must cope with any key. */
    void badRecord(BadInput.Kind kind) {
        int n = ++commands;
        byte[] key = switch (n % 3) {
            case 0 -> null;
            case 1 -> new byte[] {(byte) 0xFF, 0, (byte) n};
            default -> ("bad-" + n).getBytes(StandardCharsets.UTF_8);
        };
        send(null, key, kind.value(), new Expected.Invalid(kind.name()));
    }

    private void send(Integer partition, byte[] key, byte[] value, Expected expected) {
        Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topics.stop, partition, key, value));
        pending.add(new Pending(ack, expected, value));
    }

    /** Waits for every acknowledgement and returns everything sent so far. */
    List<SentRecord> acknowledged() {
        producer.flush();
        for (Pending p : pending) {
            try {
                RecordMetadata m = p.ack().get();
                sent.add(new SentRecord(m.topic(), m.partition(), m.offset(), p.expected(), p.value()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending commands", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a command record was not written", e.getCause());
            }
        }
        pending.clear();
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
