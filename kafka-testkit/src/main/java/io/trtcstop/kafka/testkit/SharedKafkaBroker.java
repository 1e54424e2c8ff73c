package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one broker all tests of a JVM share, with what must happen when the run ends. JUnit closes it because
 * it is an {@link AutoCloseable} in the root store.
 */
record SharedKafkaBroker(KafkaBroker broker, Runnable shutdown) implements AutoCloseable {

    static final String IMAGE_ENV = "KAFKA_TESTKIT_IMAGE";

    private static final Logger log = LoggerFactory.getLogger(SharedKafkaBroker.class);

    /** The kind of broker {@code env} asks for; Docker is probed only when that decides it. */
    static BrokerKind kind(Map<String, String> env) {
        return BrokerKind.choose(env, () -> DockerClientFactory.instance().isDockerAvailable());
    }

    static SharedKafkaBroker start(BrokerKind kind, Map<String, String> env) {
        SharedKafkaBroker shared = switch (kind) {
            case EXTERNAL -> {
                ExternalKafkaBroker external = new ExternalKafkaBroker(env.get(BrokerKind.BOOTSTRAP_SERVERS_ENV).strip());
                yield new SharedKafkaBroker(external, external::close);
            }
            case CONTAINER -> {
                String image = env.getOrDefault(IMAGE_ENV, "").isBlank()
                        ? ContainerKafkaBroker.DEFAULT_IMAGE
                        : env.get(IMAGE_ENV).strip();
                ContainerKafkaBroker container = ContainerKafkaBroker.start(image);
                yield new SharedKafkaBroker(container, container::close);
            }
            case LOCAL_PROCESS -> {
                LocalKafkaBroker local = LocalKafkaBroker.start(temporaryDirectory());
                yield new SharedKafkaBroker(local, local::closeAndDeleteData);
            }
            case CLUSTER -> {
                KafkaCluster cluster = KafkaCluster.start(temporaryDirectory());
                yield new SharedKafkaBroker(cluster, cluster::closeAndDeleteData);
            }
        };
        log.info("Kafka for this test run: {} ({}) at {}", kind.description(), shared.broker(),
                shared.broker().bootstrapServers());
        return shared;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("kafka-testkit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the Kafka broker", e);
        }
    }

    @Override
    public void close() {
        shutdown.run();
    }
}
