package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.config.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A member that leaves the group with its transaction open (as a SIGKILLed dynamic member does once its session
 * expires) has that transaction aborted by the others through the real Admin client, so read_committed readers go on
 * at once; a member still in the group keeps its open transaction, however long it has been open.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AbandonedTransactionsIT {

    private static final Duration OPEN_FOR = Duration.ofMillis(500);
    private static KafkaBroker broker;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void aDepartedMembersOpenTransactionIsAbortedAndALiveMembersIsNot() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String input = "abandoned-in-" + run;
        String output = "abandoned-out-" + run;
        String group = "abandoned-" + run;
        broker.createTopics(1, input, output);
        KafkaConsumer<byte[], byte[]> live = member(group, "live", input);
        KafkaConsumer<byte[], byte[]> crashed = member(group, "crashed", input);
        AbandonedTransactions abandoned = new AbandonedTransactions(admin(), group, "live", OPEN_FOR, Clock.systemUTC());
        toClose.add(abandoned);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            live.poll(Duration.ofMillis(100));
            crashed.poll(Duration.ofMillis(100));
            return members(group).containsAll(Set.of("live", "crashed"));
        });

        KafkaProducer<byte[], byte[]> liveTx = transactional(WorkerConfig.transactionalId(group, "live"));
        KafkaProducer<byte[], byte[]> crashedTx = transactional(WorkerConfig.transactionalId(group, "crashed"));
        for (var p : List.of(liveTx, crashedTx)) {
            p.initTransactions();
            p.beginTransaction();
        }
        liveTx.send(new ProducerRecord<>(output, "from live".getBytes(StandardCharsets.UTF_8))).get();
        crashedTx.send(new ProducerRecord<>(output, "from crashed".getBytes(StandardCharsets.UTF_8))).get();
        assertThat(abandoned.scan()).as("both are members: nothing is touched").isEmpty();

        crashed.close(); // gone from the group, as a dead member is once its session expires
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            live.poll(Duration.ofMillis(50));
            return abandoned.scan().contains("crashed");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> abandoned.scan().isEmpty());

        assertThatThrownBy(crashedTx::commitTransaction).as("the abandoned transaction was aborted and its producer fenced")
                .isInstanceOf(ProducerFencedException.class);
        // The live member's transaction has been open for longer than OPEN_FOR too, and still commits.
        liveTx.commitTransaction();
        assertThat(readCommitted(output)).containsExactly("from live");
    }

    private Set<String> members(String group) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        try {
            broker.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members()
                    .forEach(m -> ids.add(m.clientId()));
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                throw e;
            }
        }
        return ids;
    }

    private KafkaConsumer<byte[], byte[]> member(String group, String clientId, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        c.subscribe(List.of(topic));
        toClose.add(c);
        return c;
    }

    private KafkaProducer<byte[], byte[]> transactional(String transactionalId) {
        KafkaProducer<byte[], byte[]> p = TransactionalProducers.open(broker.bootstrapServers(), transactionalId);
        toClose.add(() -> p.close(Duration.ofSeconds(5)));
        return p;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private List<String> readCommitted(String topic) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            reader.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                var partition = reader.assignment().iterator().next();
                // read_committed: the end is the last stable offset, past both transactions' markers
                return !values.isEmpty() && reader.position(partition) >= reader.endOffsets(List.of(partition)).get(partition);
            });
            return values;
        }
    }
}
