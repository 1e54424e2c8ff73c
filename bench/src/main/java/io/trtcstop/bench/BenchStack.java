package io.trtcstop.bench;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * What every scenario runs against: a real Kafka broker (the test kit's child JVM) and the TRTC emulator in this
 * JVM. Each scenario run gets fresh topics and a fresh consumer group; the emulator is reset between runs.
 */
final class BenchStack implements AutoCloseable {

    static final String SECRET_ID = "AKIDbenchEXAMPLE";
    static final String SECRET_KEY = "bench-secret-key";
    static final long SDK_APP_ID = 1400000002L;
    static final String REGION = "ap-singapore";
    /**
     * Worker settings for "no rate limit": the worker paces its own calls (TRTC_RATE_LIMIT, default 20/s), so
     * without this the overhead scenarios would measure the limiter. A million per second never waits.
     */
    static final Map<String, String> UNLIMITED = Map.of("TRTC_RATE_LIMIT", "1000000");

    private final LocalKafkaBroker kafka;
    private final TrtcEmulator emulator;
    /** Part of every topic name: a broker directory left by a killed run keeps its topics, and they are not ours. */
    private final String runId = Long.toString(System.currentTimeMillis() / 1000, 36);

    private BenchStack(LocalKafkaBroker kafka, TrtcEmulator emulator) {
        this.kafka = kafka;
        this.emulator = emulator;
    }

    static BenchStack start(Path dataDir) {
        LocalKafkaBroker kafka = LocalKafkaBroker.start(dataDir.resolve("kafka"));
        TrtcEmulator emulator = TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY)
                .rateLimitPerSecond(0).build().start();
        return new BenchStack(kafka, emulator);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    TrtcEmulator emulator() {
        return emulator;
    }

    /** Fresh topics for a run, and the emulator back to a clean state: no tasks, no faults, no rate limit. */
    ScenarioTopics prepare(String run, int partitions) {
        ScenarioTopics topics = ScenarioTopics.forRun(run, runId, partitions);
        kafka.createTopics(partitions, topics.stop(), topics.outcome(), topics.deadLetter());
        emulator.reset();
        emulator.faults().clear();
        emulator.rateLimitPerSecond(0);
        return topics;
    }

    /** The environment of one worker instance of this run; {@code overrides} win. */
    Map<String, String> workerEnv(ScenarioTopics topics, String instanceId, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("STOP_TOPIC", topics.stop());
        env.put("OUTCOME_TOPIC", topics.outcome());
        env.put("DLQ_TOPIC", topics.deadLetter());
        env.put("CONSUMER_GROUP", topics.group());
        env.put("WORKER_INSTANCE_ID", instanceId);
        env.put("TRTC_ENDPOINT", emulator.endpoint().toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0"); // several workers on one host: each its own free port for /metrics
        env.put("TRTC_REGION", REGION);
        env.put("TENCENTCLOUD_SECRET_ID", SECRET_ID);
        env.put("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        env.putAll(overrides);
        return env;
    }

    /** Waits until the group is stable with {@code members} members that all own partitions. */
    boolean awaitGroupStable(String group, int members, Duration timeout) throws InterruptedException {
        return awaitGroupAtRest(group, members, Duration.ZERO, timeout);
    }

    /**
     * Waits until the group is stable with {@code members} members that all own partitions, and has kept the same
     * assignment for {@code rest}: a backlog then meets a group that is running, as in production, not one whose
     * rebalance is still settling.
     */
    boolean awaitGroupAtRest(String group, int members, Duration rest, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<TopicPartition>> seen = null;
        long seenSince = 0;
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription d = kafka.admin().describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get(5, TimeUnit.SECONDS);
                Map<String, Set<TopicPartition>> assignment = new HashMap<>();
                d.members().forEach(m -> assignment.put(m.consumerId(), m.assignment().topicPartitions()));
                boolean stable = d.groupState() == GroupState.STABLE && d.members().size() == members
                        && assignment.values().stream().noneMatch(Set::isEmpty);
                if (!stable) {
                    seen = null;
                } else if (!assignment.equals(seen)) {
                    seen = assignment;
                    seenSince = System.nanoTime();
                }
                if (seen != null && System.nanoTime() - seenSince >= rest.toNanos()) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                seen = null; // not there yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Override
    public void close() {
        emulator.close();
        kafka.closeAndDeleteData();
    }
}
