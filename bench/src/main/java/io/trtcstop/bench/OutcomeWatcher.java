package io.trtcstop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a scenario's outcome and dead-letter topics as a downstream service would ({@code read_committed}), from
 * the beginning, on its own thread. An outcome counts when this consumer receives it, i.e. once its transaction
 * is committed; its arrival time is the wall-clock time the poll returned it.
 */
final class OutcomeWatcher implements AutoCloseable {

    /** When an outcome became visible: our receive time, and the outcome record's own timestamp (set when sent). */
    record Arrival(long receivedAtMillis, long recordTimestampMillis) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> consumer;
    private final String outcomeTopic;
    private final Thread thread;
    private final boolean keepArrivals;
    private long[] arrivalTimes = new long[1024];
    private int outcomes;
    private long deadLetters;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Set<String> seenTaskIds = new HashSet<>();
    private long duplicates;
    private final Map<String, Arrival> arrivals = new HashMap<>();
    /** Per partition of the command topic (the outcome's Source.Partition): outcomes, and when the last arrived. */
    private final Map<Integer, Integer> outcomesBySource = new HashMap<>();
    private final Map<Integer, Long> lastArrivalBySource = new HashMap<>();
    private volatile boolean closed;
    private volatile RuntimeException failure;

    /** {@code keepArrivals}: remember each TaskId's arrival, for latency (costs memory on big backlogs). */
    OutcomeWatcher(String bootstrap, ScenarioTopics topics, boolean keepArrivals) {
        this.outcomeTopic = topics.outcome();
        this.keepArrivals = keepArrivals;
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // A fetch waiting for the last stable offset must not add its long-poll wait to measured latency.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.outcome(), topics.deadLetter())) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("outcome-watcher-" + topics.scenario()).daemon().start(this::loop);
    }

    private void loop() {
        try {
            while (!closed) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                synchronized (this) {
                    for (ConsumerRecord<String, String> r : records) {
                        if (r.topic().equals(outcomeTopic)) {
                            count(r, now);
                        } else {
                            deadLetters++;
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void count(ConsumerRecord<String, String> r, long now) {
        JsonNode outcome = JSON.readTree(r.value());
        String taskId = outcome.path("TaskId").asString(r.key());
        byStatus.merge(outcome.path("Status").asString("?"), 1L, Long::sum);
        if (!seenTaskIds.add(taskId)) {
            duplicates++;
        }
        if (outcomes == arrivalTimes.length) {
            arrivalTimes = Arrays.copyOf(arrivalTimes, outcomes * 2);
        }
        arrivalTimes[outcomes++] = now;
        int source = outcome.path("Source").path("Partition").asInt(-1);
        outcomesBySource.merge(source, 1, Integer::sum);
        lastArrivalBySource.put(source, now);
        if (keepArrivals) {
            arrivals.putIfAbsent(taskId, new Arrival(now, r.timestamp()));
        }
    }

    /** Waits until {@code count} outcomes arrived; false if the deadline passed or {@code abort} said so first. */
    boolean awaitOutcomes(int count, long deadlineMillis, BooleanSupplier abort) throws InterruptedException {
        while (outcomes() < count) {
            if (failure != null) {
                throw failure;
            }
            if (System.currentTimeMillis() >= deadlineMillis || abort.getAsBoolean()) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    synchronized int outcomes() {
        return outcomes;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized Map<String, Long> byStatus() {
        return new TreeMap<>(byStatus);
    }

    /** When the n-th outcome (1-based) arrived, or -1 if it has not. */
    synchronized long arrivalOf(int n) {
        return n >= 1 && n <= outcomes ? arrivalTimes[n - 1] : -1;
    }

    synchronized long lastArrival() {
        return arrivalOf(outcomes);
    }

    /** Outcomes of commands read from this partition of the command topic. */
    synchronized int outcomesFrom(int partition) {
        return outcomesBySource.getOrDefault(partition, 0);
    }

    /** When the last outcome of a command from this partition of the command topic arrived, or -1. */
    synchronized long lastArrivalFrom(int partition) {
        return lastArrivalBySource.getOrDefault(partition, -1L);
    }

    synchronized Arrival arrival(String taskId) {
        return arrivals.get(taskId);
    }

    /** Outcomes per second between the arrival of the given fractions of {@code total} (e.g. 0.2 to 0.9). */
    synchronized double rate(int total, double fromFraction, double toFraction) {
        int from = Math.max(1, (int) Math.round(total * fromFraction));
        int to = Math.min(outcomes, (int) Math.round(total * toFraction));
        if (to <= from) {
            return Double.NaN;
        }
        long millis = arrivalTimes[to - 1] - arrivalTimes[from - 1];
        return millis <= 0 ? Double.NaN : (to - from) * 1000.0 / millis;
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
