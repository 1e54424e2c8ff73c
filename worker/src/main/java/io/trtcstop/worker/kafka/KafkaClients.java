package io.trtcstop.worker.kafka;

import io.trtcstop.worker.config.WorkerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the worker's Kafka clients. Operators' {@code KAFKA_CLIENT_*} properties (security, tuning) are applied
 * over our defaults, but never over the settings exactly-once processing depends on.
 */
public final class KafkaClients {

    private final WorkerConfig config;

    public KafkaClients(WorkerConfig config) {
        this.config = config;
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // Static membership: a restarted instance takes its partitions back without a rebalance.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId());
        props.putAll(config.kafkaClientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Command producers may write transactionally too: never act on an aborted command.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A dead letter is the original value plus headers: room for a command as large as a topic allows.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-producer");
        props.putAll(config.kafkaClientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    public Admin admin() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.instanceId() + "-admin");
        return Admin.create(props);
    }

    /**
     * Fails fast, with a message that names what is wrong, when Kafka cannot be reached or a topic is missing;
     * otherwise the consumer would wait silently for topics that never come.
     */
    public void checkTopicsExist() {
        List<String> topics = List.of(config.stopTopic(), config.outcomeTopic(), config.deadLetterTopic());
        long timeoutMs = config.startupTimeout().toMillis();
        try (Admin admin = admin()) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new StartupException("Kafka at " + config.bootstrapServers() + " did not answer within "
                        + config.startupTimeout() + " (check KAFKA_BOOTSTRAP_SERVERS and the KAFKA_CLIENT_* security settings)");
            }
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new StartupException("missing Kafka topic(s): " + String.join(", ", missing)
                        + " (create them first: see ops/topics.md)");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new StartupException("missing Kafka topic: " + e.getCause().getMessage());
            }
            throw new StartupException("cannot list Kafka topics at " + config.bootstrapServers() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka topics");
        }
    }

    /** The worker cannot start; the message says why and what to do. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message);
        }
    }
}
