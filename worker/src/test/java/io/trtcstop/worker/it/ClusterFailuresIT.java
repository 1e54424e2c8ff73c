package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.kafka.testkit.KafkaCluster;
import io.trtcstop.worker.it.FaultyClients.Side;
import io.trtcstop.worker.kafka.StopWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transactional producer's failure paths as the real client reaches them on a 3-node cluster, nothing injected:
 * a coordinator frozen (SIGSTOP) longer than {@code max.block.ms} makes {@code sendOffsetsToTransaction},
 * {@code commitTransaction} or {@code abortTransaction} time out; a coordinator killed and restarted answers
 * NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS inside the client while it moves; a second producer with the
 * worker's transactional id fences it. Each time every record still has exactly one committed outcome, and the worker
 * either rides it out or (fenced) stops as documented and its successor finishes the work.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ClusterFailuresIT {

    private static final long APP = 1400000002L;
    /** Small, so a frozen coordinator turns into TimeoutExceptions within a second. */
    private static final String MAX_BLOCK_MS = "1000";
    /** Longer than max.block.ms and than the 2 s after which the cluster fences a silent node and moves its leaderships. */
    private static final Duration FROZEN = Duration.ofSeconds(6);
    /**
     * 10 s of work at 100 calls/s: still going when the freeze starts after the first 30 outcomes, however late a
     * busy machine notices them (with 400, CI once saw the whole backlog done before the coordinator froze).
     */
    private static final int FREEZE_BACKLOG = 1000;

    private static KafkaCluster cluster;
    private final InJvmWorkers workers = new InJvmWorkers();
    private CommandTopics topics;
    private TrtcEmulator emulator;
    private int records;

    @BeforeAll
    static void cluster(KafkaCluster kafka) {
        cluster = kafka;
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            workers.close();
        } finally {
            for (int node : cluster.nodeIds()) {
                if (!cluster.isRunning(node)) {
                    cluster.start(node);
                }
            }
            cluster.awaitFullyReplicated(Duration.ofSeconds(90));
        }
    }

    /** Stoppable commands over 3 partitions, answered slowly enough that transactions go on during the fault. */
    private void backlog(int commands) {
        emulator = workers.closeAtEnd(Emulators.start(5000));
        emulator.faults().latency(Duration.ofMillis(40), Duration.ofMillis(20));
        topics = workers.closeAtEnd(new CommandTopics(cluster, 3));
        for (int i = 0; i < commands; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            topics.send(task, Commands.stop(APP, task));
            records++;
        }
        topics.flush();
    }

    private Map<String, String> env(String id) {
        Map<String, String> env = topics.workerEnv(cluster.bootstrapServers(), emulator.endpoint().toString(), id);
        env.put("COMMIT_MAX_RECORDS", "10");
        env.put("TRTC_RATE_LIMIT", "100");
        env.put("KAFKA_CLIENT_MAX_BLOCK_MS", MAX_BLOCK_MS);
        return env;
    }

    private void awaitSomeOutcomes() {
        await().atMost(Duration.ofSeconds(120)).until(() -> topics.outcomes().size() >= 30);
    }

    private void freeze(int node) throws InterruptedException {
        cluster.pause(node);
        try {
            Thread.sleep(FROZEN); // the fault's length: the test's input, not a wait for a condition
        } finally {
            cluster.resume(node);
        }
    }

    private static List<String> timeouts(FaultyClients clients, String... methods) {
        List<String> seen = new ArrayList<>();
        for (String method : methods) {
            clients.realFailures(Side.PRODUCER, method).stream().filter(e -> e.equals("TimeoutException"))
                    .forEach(e -> seen.add(method + ": " + e));
        }
        return seen;
    }

    @Test
    void aFrozenGroupCoordinatorTimesOutSendOffsetsAndTheWorkerRidesItOut() throws Exception {
        backlog(FREEZE_BACKLOG);
        FaultyClients clients = new FaultyClients();
        StopWorker worker = workers.start(env("frozen-group-coordinator"), clients);
        awaitSomeOutcomes();

        freeze(cluster.groupCoordinator(topics.group));

        CommittedOnce.assertExactlyOnce(topics, records);
        assertThat(clients.realFailures(Side.PRODUCER, "sendOffsetsToTransaction"))
                .as("the real client timed out sending the offsets").contains("TimeoutException");
        assertThat(worker.failure()).isNull();
    }

    @Test
    void aFrozenTransactionCoordinatorTimesOutCommitOrAbortAndTheWorkerRidesItOut() throws Exception {
        backlog(FREEZE_BACKLOG);
        FaultyClients clients = new FaultyClients();
        String id = "frozen-transaction-coordinator";
        StopWorker worker = workers.start(env(id), clients);
        awaitSomeOutcomes();

        freeze(cluster.transactionCoordinator(topics.group + "-" + id));

        CommittedOnce.assertExactlyOnce(topics, records);
        assertThat(timeouts(clients, "commitTransaction", "abortTransaction", "sendOffsetsToTransaction"))
                .as("the real client timed out ending a transaction").isNotEmpty();
        assertThat(worker.failure()).isNull();
    }

    @Test
    void bothCoordinatorsKilledAndRestartedMoveAndTheWorkerRidesItOut() throws Exception {
        backlog(400);
        String id = "killed-coordinators";
        StopWorker worker = workers.start(env(id), new FaultyClients());
        awaitSomeOutcomes();
        int groupCoordinator = cluster.groupCoordinator(topics.group);
        int transactionCoordinator = cluster.transactionCoordinator(topics.group + "-" + id);

        cluster.kill(groupCoordinator);
        if (transactionCoordinator != groupCoordinator) {
            cluster.kill(transactionCoordinator); // two of three down: writes stop until one is back
            cluster.start(transactionCoordinator);
        }
        assertThat(cluster.groupCoordinator(topics.group)).isNotEqualTo(groupCoordinator);
        cluster.start(groupCoordinator); // it loads the group again: COORDINATOR_LOAD_IN_PROGRESS meanwhile

        CommittedOnce.assertExactlyOnce(topics, records);
        assertThat(worker.failure()).isNull();
    }

    @Test
    void aRealProducerTakingTheTransactionalIdFencesTheWorkerAndTheNextOwnerFinishes() throws Exception {
        backlog(200);
        String id = "fenced-for-real";
        StopWorker fenced = workers.start(env(id), new FaultyClients());
        awaitSomeOutcomes();

        try (KafkaProducer<byte[], byte[]> usurper = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.group + "-" + id,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            usurper.initTransactions(); // bumps the epoch: the worker's next transactional call is fenced
        }

        assertThat(fenced.awaitStopped(Duration.ofSeconds(60))).isTrue();
        assertThat(fenced.fenced()).as("the command line exits 3 for this").isTrue();
        workers.start(env(id), new FaultyClients());
        CommittedOnce.assertExactlyOnce(topics, records);
    }
}
