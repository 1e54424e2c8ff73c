package io.trtcstop.worker.replay;

import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.kafka.KafkaClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The replay tool's Kafka clients. Operators' {@code KAFKA_CLIENT_*} properties (security, tuning) apply to all of
 * them, as for the worker, but never over what exactly-once replay depends on: read_committed, no consumer group
 * (so no offsets are committed anywhere), and one transactional.id per dead-letter topic.
 */
final class ReplayClients {

    static final String CLIENT_ID = "trtc-stop-dlq-replay";

    private final ReplayConfig config;

    ReplayClients(ReplayConfig config) {
        this.config = config;
    }

    KafkaConsumer<byte[], byte[]> reader() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-reader");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.putAll(config.kafkaClientProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    KafkaProducer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-producer");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A dead letter may hold a command as large as the topic allows, plus headers (as the worker's producer).
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        // A killed replay's open transaction holds back read_committed readers of the command topic (the worker)
        // until the next run aborts it or this timeout does; replay transactions last well under a second.
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        KafkaClients.exactlyOnceProducer(props, config.kafkaClientProperties(), config.bootstrapServers(),
                config.transactionalId());
        return new KafkaProducer<>(props);
    }

    Admin admin() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-admin");
        return Admin.create(props);
    }
}
