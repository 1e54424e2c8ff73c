package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class AbortedTransactionIT {

    private static final int ABORTED = 5;

    @Test
    void abortedRecordsAreWrittenButInvisibleToReadCommitted(KafkaBroker broker) {
        String topic = unique("outcomes");
        broker.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(broker, unique("tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < ABORTED; i++) {
                producer.send(new ProducerRecord<>(topic, "task-" + i, "aborted"));
            }
            producer.flush(); // on the broker's log before the abort, so the abort has something to hide
            producer.abortTransaction();

            // A committed record after the aborted ones tells the readers when they have read far enough.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "task-last", "committed"));
            producer.commitTransaction();
        }

        assertThat(values(broker, topic, IsolationLevel.READ_COMMITTED, 1)).containsExactly("committed");
        assertThat(values(broker, topic, IsolationLevel.READ_UNCOMMITTED, ABORTED + 1))
                .containsExactly("aborted", "aborted", "aborted", "aborted", "aborted", "committed");
    }

    private static List<String> values(KafkaBroker broker, String topic, IsolationLevel isolation, int expected) {
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(broker, unique("reader"), isolation)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = TestClients.consume(consumer, expected);
            return records.stream().map(ConsumerRecord::value).toList();
        }
    }
}
