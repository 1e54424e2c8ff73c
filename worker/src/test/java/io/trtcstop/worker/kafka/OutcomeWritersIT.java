package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.config.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, item 4: the liveness signal of the quota share, read through the real Admin client from a real broker.
 * Each instance's last transactional write to the outcome topic is found through its transactional id; an instance
 * that has not begun a transaction has no write (so it is never counted silent), and a second write moves the time.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OutcomeWritersIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void eachInstancesLastOutcomeWriteIsFoundThroughItsTransactionalId(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String outcomes = "writers-out-" + run;
        String group = "writers-" + run;
        broker.createTopics(3, outcomes);
        OutcomeWriters writers = new OutcomeWriters(broker.admin(), outcomes, group);

        KafkaProducer<byte[], byte[]> a = transactional(broker, WorkerConfig.transactionalId(group, "a"));
        KafkaProducer<byte[], byte[]> b = transactional(broker, WorkerConfig.transactionalId(group, "b"));
        Instant beforeWrites = Instant.now().minusMillis(5); // the broker stamps with the writer's clock, ms
        write(a, outcomes, 0);
        write(b, outcomes, 1);
        write(b, outcomes, 2);
        Instant afterWrites = Instant.now().plusMillis(5);

        // "c" is a member that has not begun a transaction: no producer id, so no write and no failure.
        Map<String, Instant> last = writers.lastWrites(List.of("a", "b", "c"), Instant.now());
        assertThat(last).containsOnlyKeys("a", "b");
        assertThat(last.values()).allSatisfy(at -> assertThat(at).isBetween(beforeWrites, afterWrites));

        Instant beforeAgain = Instant.now().minusMillis(5);
        write(a, outcomes, 1); // another partition: the latest of its partitions counts
        Map<String, Instant> again = writers.lastWrites(List.of("a", "b", "c"), Instant.now());
        assertThat(again.get("a")).isAfterOrEqualTo(beforeAgain);
        assertThat(again.get("b")).isEqualTo(last.get("b"));

        KafkaProducer<byte[], byte[]> c = transactional(broker, WorkerConfig.transactionalId(group, "c"));
        write(c, outcomes, 0);
        // c's transactional id was just looked up and not found: it is looked up again only after a few seconds.
        assertThat(writers.lastWrites(List.of("a", "b", "c"), Instant.now())).doesNotContainKey("c");
        assertThat(writers.lastWrites(List.of("a", "b", "c"), Instant.now().plusSeconds(6))).containsKey("c");
    }

    private KafkaProducer<byte[], byte[]> transactional(KafkaBroker broker, String transactionalId) {
        KafkaProducer<byte[], byte[]> p = TransactionalProducers.open(broker.bootstrapServers(), transactionalId);
        toClose.add(() -> p.close(Duration.ofSeconds(5)));
        p.initTransactions();
        return p;
    }

    private static void write(KafkaProducer<byte[], byte[]> producer, String topic, int partition) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, partition, null, "outcome".getBytes(StandardCharsets.UTF_8)));
        producer.commitTransaction();
    }
}
