package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.it.FaultyClients.Side;
import io.trtcstop.worker.kafka.StopWorker;
import io.trtcstop.worker.outcome.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One test per failure path of the Kafka side, each injected deterministically over the real clients and a real
 * broker ({@link FaultyClients}): afterwards every record has exactly one committed outcome, every dead-lettered
 * one its dead letter, and the worker kept running, or stopped the way the README documents.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaFaultsIT {

    private static final long APP = 1400000001L;

    private static KafkaBroker broker;
    private final InJvmWorkers workers = new InJvmWorkers();
    private TrtcEmulator emulator;
    private CommandTopics topics;
    private int records;

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void stopEverything() throws Exception {
        workers.close();
    }

    /** A backlog of stoppable, permanently failing and invalid commands over 3 partitions. */
    private void backlog(int stoppable) {
        emulator = workers.closeAtEnd(Emulators.start(5000));
        topics = workers.closeAtEnd(new CommandTopics(broker, 3));
        for (int i = 0; i < stoppable; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            if (i % 10 == 0) {
                emulator.faults().scriptStopAnswersForever(task, "FailedOperation.CTUnsupportMethod");
            }
            topics.send(task, Commands.stop(APP, task));
            records++;
            if (i % 7 == 0) {
                topics.send("bad-" + i, Commands.INVALID[i % Commands.INVALID.length]);
                records++;
            }
        }
        topics.flush();
    }

    private Map<String, String> env(String id) {
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), id);
        env.put("COMMIT_MAX_RECORDS", "20"); // several transactions, so the Nth one can fail
        return env;
    }

    private StopWorker start(Map<String, String> env, FaultyClients faults) {
        return workers.start(env, faults);
    }

    private void assertExactlyOnce() throws Exception {
        CommittedOnce.assertExactlyOnce(topics, records);
    }

    @Test
    void aTimedOutCommitIsRetriedAsTheSameCall() throws Exception {
        backlog(100);
        FaultyClients faults = new FaultyClients()
                .failOnce(Side.PRODUCER, "commitTransaction", 2, () -> new TimeoutException("injected commit timeout"));
        StopWorker worker = start(env("commit-timeout"), faults);
        assertExactlyOnce();
        assertThat(faults.fired(Side.PRODUCER, "commitTransaction")).isEqualTo(1);
        assertThat(worker.failure()).isNull();
    }

    @Test
    void anAbortedTransactionLosesNothingAndATimedOutAbortIsRetried() throws Exception {
        backlog(100);
        FaultyClients faults = new FaultyClients()
                .failOnce(Side.PRODUCER, "commitTransaction", 2, () -> new KafkaException("injected abortable error"))
                .failOnce(Side.PRODUCER, "commitTransaction", 3, () -> new KafkaException("injected abortable error"))
                .failOnce(Side.PRODUCER, "abortTransaction", 1, () -> new TimeoutException("injected abort timeout"));
        StopWorker worker = start(env("abortable"), faults);
        assertExactlyOnce();
        assertThat(faults.fired(Side.PRODUCER, "commitTransaction")).isEqualTo(2);
        assertThat(faults.fired(Side.PRODUCER, "abortTransaction")).isEqualTo(1);
        assertThat(worker.failure()).isNull();
        assertThat(worker.failedTransactionsInARow()).isZero();
    }

    @Test
    void aFencedProducerStopsTheWorkerAndTheNextOwnerFinishesTheWork() throws Exception {
        backlog(100);
        FaultyClients faults = new FaultyClients()
                .failOnce(Side.PRODUCER, "commitTransaction", 2, () -> new ProducerFencedException("injected"));
        StopWorker fenced = start(env("fenced"), faults);
        assertThat(fenced.awaitStopped(Duration.ofSeconds(60))).isTrue();
        assertThat(fenced.fenced()).as("the command line exits 3 for this").isTrue();
        start(env("fenced"), new FaultyClients());
        assertExactlyOnce();
    }

    @Test
    void anUnexpectedPollFailureStopsTheWorkerAndARestartLosesNothing() throws Exception {
        backlog(60);
        FaultyClients faults = new FaultyClients()
                .failOnce(Side.CONSUMER, "poll", 5, () -> new KafkaException("injected poll failure"));
        StopWorker failed = start(env("poll-fails"), faults);
        assertThat(failed.awaitStopped(Duration.ofSeconds(60))).isTrue();
        assertThat(failed.failure()).isNotNull();
        assertThat(failed.fenced()).isFalse();
        start(env("poll-fails"), new FaultyClients());
        assertExactlyOnce();
    }

    @Test
    void positionTimingOutNeverBlocksACommit() throws Exception {
        backlog(60);
        FaultyClients faults = new FaultyClients()
                .failFrom(Side.CONSUMER, "position", 1, () -> new TimeoutException("injected position timeout"));
        StopWorker worker = start(env("position"), faults);
        assertExactlyOnce();
        assertThat(worker.failure()).isNull();
    }

    @Test
    void lostPartitionsAreRedoneWithoutDuplicates() throws Exception {
        backlog(100);
        emulator.faults().latency(Duration.ofMillis(300), Duration.ofMillis(100)); // commands in flight at the stall
        Map<String, String> env = env("lost");
        env.remove("WORKER_INSTANCE_ID"); // a dynamic member: exceeding max.poll.interval.ms costs its partitions
        env.put("KAFKA_CLIENT_MAX_POLL_INTERVAL_MS", "1500");
        FaultyClients faults = new FaultyClients()
                .stallPollAfterAssignment(5, Duration.ofSeconds(5));
        StopWorker worker = start(env, faults);
        assertExactlyOnce();
        assertThat(faults.partitionsLost.get()).as("onPartitionsLost ran").isPositive();
        assertThat(worker.failure()).isNull();
    }

    @Test
    void aDeadLetterTheBrokerRefusesAsTooLargeIsWrittenWithoutItsValue() throws Exception {
        backlog(20);
        StopWorker worker = start(env("too-large"), new FaultyClients());
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= records);
        // The DLQ topic shrinks under the running worker (it read 1 MB at start): the broker refuses the next one.
        broker.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetter),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "4000"), AlterConfigOp.OpType.SET))))
                .all().get();
        // Over MAX_COMMAND_BYTES (64 KiB): an invalid command, parked with its value unless it does not fit.
        String big = "{\"SdkAppId\":1400000001,\"TaskId\":\"big\",\"Pad\":\"" + "x".repeat(70_000) + "\"}";
        topics.send("big", big);
        topics.flush();
        records++;
        assertExactlyOnce();
        ConsumerRecord<byte[], byte[]> letter = topics.deadLetters().stream()
                .filter(d -> "big".equals(new String(d.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        assertThat(letter.value()).isNull();
        assertThat(CommittedOnce.header(letter, DeadLetterHeaders.VALUE_OMITTED)).isEqualTo("true");
        assertThat(CommittedOnce.header(letter, DeadLetterHeaders.VALUE_BYTES)).isEqualTo(Integer.toString(big.length()));
        assertThat(CommittedOnce.header(letter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("InvalidCommand.TooLarge");
        assertThat(worker.failure()).isNull();
    }

    @Test
    void operatorPropertiesNeverOverrideTheExactlyOnceSettings() throws Exception {
        backlog(30);
        Map<String, String> env = env("operator");
        env.put("KAFKA_CLIENT_ENABLE_AUTO_COMMIT", "true");
        env.put("KAFKA_CLIENT_ISOLATION_LEVEL", "read_uncommitted");
        env.put("KAFKA_CLIENT_ENABLE_IDEMPOTENCE", "false");
        env.put("KAFKA_CLIENT_TRANSACTIONAL_ID", "someone-else");
        env.put("KAFKA_CLIENT_AUTO_COMMIT_INTERVAL_MS", "10");
        StopWorker worker = start(env, new FaultyClients());
        assertExactlyOnce();
        assertThat(worker.failure()).isNull();
        // Auto-commit would have committed offsets outside the transactions: the committed offsets equal exactly
        // the records whose outcomes are committed, checked above; and the transactional id is ours.
        List<String> ids = broker.admin().listTransactions().all().get().stream()
                .map(t -> t.transactionalId()).toList();
        assertThat(ids).contains(topics.group + "-operator").doesNotContain("someone-else");
    }
}
