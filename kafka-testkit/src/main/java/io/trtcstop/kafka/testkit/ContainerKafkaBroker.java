package io.trtcstop.kafka.testkit;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A broker in a Testcontainers container, for machines with a Docker engine. Not crashable: a restarted
 * container gets new host ports, and the broker would advertise the old ones.
 */
final class ContainerKafkaBroker implements KafkaBroker, AutoCloseable {

    /** The default image; override with {@code KAFKA_TESTKIT_IMAGE}. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;
    private final Admin admin;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-testkit-admin"));
    }

    static ContainerKafkaBroker start(String image) {
        // Testcontainers already sets one replica for internal topics and no initial rebalance delay;
        // these match the rest of LocalKafkaBroker's settings so tests behave the same in both.
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        try {
            return new ContainerKafkaBroker(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void createTopics(int partitions, String... names) {
        TopicSetup.create(admin, partitions, names);
    }

    @Override
    public boolean supportsCrashTesting() {
        return false;
    }

    @Override
    public void kill() {
        throw CrashTesting.unsupported(this);
    }

    @Override
    public void restart() {
        throw CrashTesting.unsupported(this);
    }

    @Override
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(2));
        } finally {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }
}
