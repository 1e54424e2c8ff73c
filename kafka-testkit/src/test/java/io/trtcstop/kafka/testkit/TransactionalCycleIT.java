package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker's core loop: read commands, write outcomes and the consumed offsets in one transaction. */
@ExtendWith(KafkaBrokerExtension.class)
class TransactionalCycleIT {

    private static final int COMMANDS = 30;

    @Test
    void outcomesAndConsumedOffsetsCommitTogether(KafkaBroker broker) throws Exception {
        String input = unique("commands");
        String output = unique("outcomes");
        String group = unique("worker");
        broker.createTopics(3, input, output);
        try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
            for (int i = 0; i < COMMANDS; i++) {
                producer.send(new ProducerRecord<>(input, "task-" + i, "stop " + i));
            }
        }

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(broker, group, IsolationLevel.READ_COMMITTED);
             KafkaProducer<String, String> producer = TestClients.transactionalProducer(broker, unique("tx"))) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            List<ConsumerRecord<String, String>> commands = TestClients.consume(consumer, COMMANDS);

            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<String, String> command : commands) {
                producer.send(new ProducerRecord<>(output, command.key(), "stopped: " + command.value()));
                next.put(new TopicPartition(command.topic(), command.partition()), new OffsetAndMetadata(command.offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> reader =
                     TestClients.consumer(broker, unique("reader"), IsolationLevel.READ_COMMITTED)) {
            reader.subscribe(List.of(output));
            assertThat(TestClients.consume(reader, COMMANDS))
                    .hasSize(COMMANDS)
                    .allSatisfy(outcome -> assertThat(outcome.value()).startsWith("stopped: stop "));
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                broker.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        assertThat(committed).isEqualTo(endOffsets(broker, input));
    }

    private static Map<TopicPartition, OffsetAndMetadata> endOffsets(KafkaBroker broker, String topic) {
        try (KafkaConsumer<String, String> probe = TestClients.consumer(broker, unique("probe"), IsolationLevel.READ_COMMITTED)) {
            List<TopicPartition> partitions = probe.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            probe.endOffsets(partitions).forEach((partition, end) -> {
                if (end > 0) {
                    ends.put(partition, new OffsetAndMetadata(end));
                }
            });
            assertThat(ends.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(COMMANDS);
            return ends;
        }
    }
}
