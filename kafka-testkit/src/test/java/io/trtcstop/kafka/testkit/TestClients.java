package io.trtcstop.kafka.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the proof tests; every test uses its own topics and groups on the shared broker. */
final class TestClients {

    static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    private TestClients() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(producerConfig(broker));
    }

    static KafkaProducer<String, String> transactionalProducer(KafkaBroker broker, String transactionalId) {
        Map<String, Object> config = producerConfig(broker);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(config);
    }

    private static Map<String, Object> producerConfig(KafkaBroker broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    static KafkaConsumer<String, String> consumer(KafkaBroker broker, String groupId, IsolationLevel isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** Polls until at least {@code count} records arrived; the consumer must already be subscribed or assigned. */
    static List<ConsumerRecord<String, String>> consume(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        // Same thread: a KafkaConsumer must not be used from Awaitility's polling thread.
        await().atMost(CONSUME_TIMEOUT).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
        });
        return received;
    }
}
