package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TaskState;
import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.kafka.StopWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Upstream services that publish stop commands in Kafka transactions: the worker reads read_committed, so an
 * aborted command is never executed, and it commits its position past the transaction markers, so the group's
 * lag returns to 0 (lag-based autoscaling must not see a phantom backlog).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReadCommittedInputIT {

    private static final long APP = 1400000003L;
    private static final int PARTITIONS = 2;

    private static KafkaBroker broker;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private StopWorker worker;

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (worker != null) {
            worker.stop();
            assertThat(worker.awaitStopped(Duration.ofSeconds(30))).as("worker stops").isTrue();
        }
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void onlyCommittedCommandsRunAndTheLagReturnsToZero() throws Exception {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, PARTITIONS);
        cleanup.add(topics);
        KafkaProducer<byte[], byte[]> upstream = transactionalProducer();
        cleanup.add(upstream);
        worker = WorkerWiring.start(WorkerConfig.fromEnvironment(
                topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "rc-0")));
        await().atMost(Duration.ofSeconds(30)).until(worker::hasBeenAssigned);

        List<String> committed = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        upstream.initTransactions();
        for (int round = 0; round < 4; round++) {
            boolean abort = round % 2 == 0; // aborted, committed, aborted, committed: the last marker is a commit
            upstream.beginTransaction();
            for (int i = 0; i < 10; i++) {
                String task = emulator.createTask(APP, "room-" + round + "-" + i);
                (abort ? aborted : committed).add(task);
                upstream.send(new ProducerRecord<>(topics.stop, i % PARTITIONS, bytes(task),
                        bytes(Commands.stop(APP, task))));
            }
            if (abort) {
                upstream.flush(); // an abort drops batches not yet sent: put the aborted records on the log first
                upstream.abortTransaction();
            } else {
                upstream.commitTransaction();
            }
        }

        // Each partition holds 20 records and 4 markers; committing last + 1 would leave the last marker as lag.
        Map<?, Long> end = topics.endOffsets(PARTITIONS);
        assertThat(end.values()).allSatisfy(offset -> assertThat(offset).isEqualTo(24L));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(topics.committedByPartition()).as("committed vs end offsets").isEqualTo(end));
        CommittedRun run = CommittedRun.whenAnswered(topics, committed.size(), 0);
        for (String task : committed) {
            assertThat(run.forTask(task)).as(task).singleElement()
                    .satisfies(o -> assertThat(o.get("Status").asString()).isEqualTo("STOPPED"));
            assertThat(emulator.stopCallCount(task)).as(task).isEqualTo(1);
        }
        for (String task : aborted) {
            assertThat(run.forTask(task)).as("outcome of aborted " + task).isEmpty();
            assertThat(emulator.stopCallCount(task)).as("calls for aborted " + task).isZero();
            assertThat(emulator.taskState(task)).isEqualTo(TaskState.RUNNING);
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "upstream-" + UUID.randomUUID());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
