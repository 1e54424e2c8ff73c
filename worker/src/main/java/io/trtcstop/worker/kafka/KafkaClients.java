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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the worker's Kafka clients. Operators' {@code KAFKA_CLIENT_*} properties (security, tuning) are applied
 * over our defaults, but never over the settings exactly-once processing depends on.
 */
public final class KafkaClients {

    private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);
    private static final int DEFAULT_MAX_REQUEST_SIZE = 2 * 1024 * 1024;
    /** Room the dead-letter headers need beyond the original record (ops/topics.md asks for 16 KiB). */
    private static final int DEAD_LETTER_HEADER_ROOM = 16 * 1024;
    /** Consumer settings of the classic protocol that the KIP-848 protocol refuses. */
    private static final List<String> CLASSIC_ONLY = List.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);

    /** Session timeout of a dynamic member of the classic protocol; see {@link #consumerProperties()}. */
    static final int DYNAMIC_SESSION_TIMEOUT_MS = 10_000;
    /** A third of the session: two heartbeats may be lost before the member is. */
    static final int DYNAMIC_HEARTBEAT_INTERVAL_MS = 3_000;

    private final WorkerConfig config;

    public KafkaClients(WorkerConfig config) {
        this.config = config;
    }

    /** True when the operator chose the KIP-848 group protocol ({@code KAFKA_CLIENT_GROUP_PROTOCOL=consumer}). */
    public boolean consumerGroupProtocol() {
        return "consumer".equalsIgnoreCase(config.kafkaClientProperties().get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = consumerProperties();
        return build("consumer", () -> new KafkaConsumer<>(props));
    }

    /** The consumer's settings: our defaults, the operator's {@code KAFKA_CLIENT_*} over them, then what we need. */
    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        if (!consumerGroupProtocol()) {
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            if (!config.staticMembership()) {
                // A dynamic member that dies (SIGKILL, OOM, node loss) holds its partitions, and stalls every
                // rebalance that starts meanwhile, until its session expires. Pods that crash-loop with the broker's
                // 45 s keep the group in PreparingRebalance, where no commit goes through; 10 s lets a rebalance
                // finish between crashes 15 s apart. A static member keeps the long session: its replacement comes
                // back under the same id and takes its partitions over without any rebalance.
                props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DYNAMIC_SESSION_TIMEOUT_MS);
                props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, DYNAMIC_HEARTBEAT_INTERVAL_MS);
            }
        }
        if (config.staticMembership()) {
            // Static membership: a restarted instance takes its partitions back without a rebalance.
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        }
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId());
        props.putAll(config.kafkaClientProperties());
        if (consumerGroupProtocol()) {
            // The KIP-848 protocol assigns on the broker and keeps its timeouts there: the client refuses these.
            for (String refused : CLASSIC_ONLY) {
                if (props.remove(refused) != null && config.kafkaClientProperties().containsKey(refused)) {
                    log.warn("ignoring Kafka client setting {}: group.protocol=consumer sets it on the broker "
                            + "(group.consumer.* broker configs)", refused);
                }
            }
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Command producers may write transactionally too: never act on an aborted command.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A crashed instance's open transaction holds read_committed readers of the outcome topic back until the
        // coordinator aborts it: at most this long (ours last well under a second).
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 20_000);
        // Bounds each commit/abort call, which the loop retries as the same call when it times out.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // A dead letter is the original value plus headers: room for a command as large as a topic allows.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_MAX_REQUEST_SIZE);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-producer");
        exactlyOnceProducer(props, config.kafkaClientProperties(), config.bootstrapServers(), config.transactionalId());
        return build("producer", () -> new KafkaProducer<>(props));
    }

    /**
     * Puts the operator's client properties over {@code defaults}, then what exactly-once needs and no operator
     * setting may change: the bootstrap servers, the transactional id, idempotence, acks=all and byte arrays. Shared
     * by the worker's producer and the DLQ replay's.
     */
    public static void exactlyOnceProducer(Map<String, Object> defaults, Map<String, String> operatorProperties,
                                           String bootstrapServers, String transactionalId) {
        defaults.putAll(operatorProperties);
        defaults.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        defaults.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");
        defaults.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        defaults.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    /** The producer's {@code max.request.size}: no record larger than this can be sent. */
    public int maxRequestSize() {
        String configured = config.kafkaClientProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        try {
            return configured == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_REQUEST_SIZE; // the producer itself rejects it at start, with its own message
        }
    }

    public Admin admin() {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.keySet().retainAll(AdminClientConfig.configNames());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.instanceId() + "-admin");
        return build("admin client", () -> Admin.create(props));
    }

    /** Builds a client; a setting the client rejects is a start-up error that names it, not a stack trace. */
    private static <T> T build(String what, java.util.function.Supplier<T> client) {
        try {
            return client.get();
        } catch (ConfigException e) {
            throw new StartupException("invalid Kafka " + what + " setting: " + e.getMessage());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
            throw new StartupException("cannot create the Kafka " + what + ": " + cause.getMessage());
        }
    }

    /**
     * The largest dead letter the DLQ topic takes: its {@code max.message.bytes}, capped by the producer's request
     * size. Warns when that leaves no room for the dead-letter headers on a command as large as the command topic
     * allows (then such dead letters are written without their value).
     */
    public int maxDeadLetterBytes(Admin admin) {
        int fallback = maxRequestSize();
        try {
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, config.deadLetterTopic());
            ConfigResource stop = new ConfigResource(ConfigResource.Type.TOPIC, config.stopTopic());
            Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs = admin.describeConfigs(List.of(dlq, stop))
                    .all().get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int dlqLimit = Integer.parseInt(configs.get(dlq).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            int stopLimit = Integer.parseInt(configs.get(stop).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            if (dlqLimit < stopLimit + DEAD_LETTER_HEADER_ROOM) {
                log.warn("topic {} takes records up to {} bytes, {} up to {}: a command near that size cannot be "
                        + "dead-lettered with its value and its headers; such dead letters are written without the "
                        + "value (header dlq.value.omitted). Give {} max.message.bytes of at least {} (ops/topics.md)",
                        config.deadLetterTopic(), dlqLimit, config.stopTopic(), stopLimit, config.deadLetterTopic(),
                        stopLimit + DEAD_LETTER_HEADER_ROOM);
            }
            return Math.min(dlqLimit, fallback);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            log.warn("cannot read the topics' max.message.bytes ({}); assuming {} bytes for dead letters", e.toString(),
                    fallback);
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    /**
     * Fails fast, with a message that names what is wrong, when Kafka cannot be reached, a topic is missing, or the
     * cluster does not allow what the worker needs ({@link ClusterPermissions}); otherwise the consumer would wait
     * silently for topics that never come, or the first transaction would fail for ever.
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
                        + " (create them first: see ops/topics.md; with ACLs, the user also needs DESCRIBE on them)");
            }
            new ClusterPermissions(config).check(admin);
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
