package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KeyedRecordsIT {

    private static final int KEYS = 10;
    private static final int PER_KEY = 50;

    @Test
    void aConsumerGroupReceivesEveryKeyedRecordInOrderPerPartition(KafkaBroker broker) {
        String topic = unique("keyed");
        broker.createTopics(3, topic);

        try (KafkaProducer<String, String> producer = TestClients.producer(broker)) {
            for (int seq = 0; seq < PER_KEY; seq++) {
                for (int key = 0; key < KEYS; key++) {
                    producer.send(new ProducerRecord<>(topic, "task-" + key, Integer.toString(seq)));
                }
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> received;
        try (KafkaConsumer<String, String> consumer =
                     TestClients.consumer(broker, unique("group"), IsolationLevel.READ_UNCOMMITTED)) {
            consumer.subscribe(List.of(topic));
            received = TestClients.consume(consumer, KEYS * PER_KEY);
        }

        assertThat(received).hasSize(KEYS * PER_KEY);
        assertThat(received).map(record -> record.partition() + "@" + record.offset()).doesNotHaveDuplicates();
        Map<TopicPartition, List<Long>> offsets = new HashMap<>();
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (ConsumerRecord<String, String> record : received) {
            offsets.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
                    .add(record.offset());
            sequences.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(Integer.parseInt(record.value()));
        }
        assertThat(offsets).as("the keys spread over all partitions").hasSize(3);
        assertThat(offsets.values()).allSatisfy(partitionOffsets -> assertThat(partitionOffsets).isSorted());
        assertThat(sequences).hasSize(KEYS);
        List<Integer> expected = IntStream.range(0, PER_KEY).boxed().toList();
        assertThat(sequences.values()).allSatisfy(perKey -> assertThat(perKey).isEqualTo(expected));
    }
}
