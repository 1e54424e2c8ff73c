package io.trtcstop.bench;

import io.trtcstop.emulator.TrtcEmulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes stop commands to a run's command topic, for running tasks it first creates in the emulator (so every
 * command makes a real stop). Each record's timestamp is the time it was sent, which latency is measured from.
 */
final class CommandLoader implements AutoCloseable {

    /** Where a command goes: spread evenly over the partitions, or all on partition 0. */
    enum Spread { EVEN, ONE_PARTITION }

    private final KafkaProducer<String, String> producer;
    private final TrtcEmulator emulator;
    private final ScenarioTopics topics;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger sent = new AtomicInteger();

    CommandLoader(String bootstrap, TrtcEmulator emulator, ScenarioTopics topics) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // One request at a time: on a partition created a moment ago the broker may refuse the first batch
        // (not loaded yet) but take the next one in flight; the idempotent producer then retries the first with
        // sequence 0 and gets OutOfOrderSequenceException until its delivery timeout (seen here, broker.log).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.emulator = emulator;
        this.topics = topics;
    }

    List<String> createTasks(int count) {
        List<String> taskIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taskIds.add(emulator.createTask(BenchStack.SDK_APP_ID, "bench-room-" + i));
        }
        return taskIds;
    }

    /** Sends one command per task and waits until the broker has them all. */
    void sendAll(List<String> taskIds, Spread spread) {
        for (String taskId : taskIds) {
            send(taskId, spread);
        }
        flush();
    }

    /** Sends one command without waiting; returns the record timestamp it carries. */
    long send(String taskId, Spread spread) {
        return send(taskId, spread == Spread.ONE_PARTITION ? 0 : -1);
    }

    /**
     * Sends one command to this partition (-1: the next in turn) without waiting; returns its record timestamp.
     * Safe to call from several threads.
     */
    long send(String taskId, int toPartition) {
        int n = sent.getAndIncrement();
        int partition = toPartition >= 0 ? toPartition : n % topics.partitions();
        long now = System.currentTimeMillis();
        String value = "{\"SdkAppId\":" + BenchStack.SDK_APP_ID + ",\"TaskId\":\"" + taskId
                + "\",\"CommandId\":\"" + topics.scenario() + "-" + n + "\"}";
        producer.send(new ProducerRecord<>(topics.stop(), partition, now, taskId, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return now;
    }

    void flush() {
        producer.flush(); // returns when every send has completed, successfully or not
        if (failure.get() != null) {
            throw new IllegalStateException("cannot write to " + topics.stop() + ": " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
