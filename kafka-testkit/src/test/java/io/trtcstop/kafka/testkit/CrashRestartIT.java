package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class CrashRestartIT {

    private static final int PER_PARTITION = 10;
    private static final long COMMITTED_OFFSET = 3;

    @Test
    void committedRecordsAndGroupOffsetsSurviveAHardKill(KafkaBroker broker) throws Exception {
        assumeTrue(broker.supportsCrashTesting(), "needs a broker the test may kill");
        String topic = unique("durable");
        String group = unique("worker");
        broker.createTopics(2, topic);
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(broker, unique("tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (TopicPartition partition : partitions) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, partition.partition(), "task-" + i, partition + "#" + i));
                }
            }
            producer.commitTransaction();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        partitions.forEach(partition -> committed.put(partition, new OffsetAndMetadata(COMMITTED_OFFSET)));
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(broker, group, IsolationLevel.READ_COMMITTED)) {
            consumer.subscribe(List.of(topic));
            TestClients.consume(consumer, 2 * PER_PARTITION);
            consumer.commitSync(committed);
        }

        broker.kill();
        assertThatThrownBy(() -> broker.admin().describeCluster(new DescribeClusterOptions().timeoutMs(500)).nodes().get())
                .as("the broker is really down")
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        broker.restart();

        assertThat(broker.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                .isEqualTo(committed);
        try (KafkaConsumer<String, String> reader =
                     TestClients.consumer(broker, unique("reader"), IsolationLevel.READ_COMMITTED)) {
            reader.subscribe(List.of(topic));
            assertThat(TestClients.consume(reader, 2 * PER_PARTITION)).hasSize(2 * PER_PARTITION);
        }
        try (KafkaConsumer<String, String> resumed = TestClients.consumer(broker, group, IsolationLevel.READ_COMMITTED)) {
            resumed.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> rest =
                    TestClients.consume(resumed, 2 * (PER_PARTITION - (int) COMMITTED_OFFSET));
            assertThat(rest).hasSize(2 * (PER_PARTITION - (int) COMMITTED_OFFSET))
                    .allSatisfy(record -> assertThat(record.offset()).isGreaterThanOrEqualTo(COMMITTED_OFFSET));
        }
    }
}
