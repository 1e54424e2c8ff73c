package io.trtcstop.kafka.testkit;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A broker in a Testcontainers container, for machines with a Docker engine. Not crashable: a restarted
 * container gets new host ports, and the broker would advertise the old ones.
 */
final class ContainerKafkaBroker extends UncrashableBroker {

    /** The default image; override with {@code KAFKA_TESTKIT_IMAGE}. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        super(container.getBootstrapServers());
        this.container = container;
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
    public void close() {
        try {
            super.close();
        } finally {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }
}
