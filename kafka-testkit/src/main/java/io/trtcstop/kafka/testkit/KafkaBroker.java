package io.trtcstop.kafka.testkit;

import org.apache.kafka.clients.admin.Admin;

/**
 * A running Kafka cluster that tests and local runs talk to.
 *
 * <p>Four kinds exist: an external cluster ({@code KAFKA_BOOTSTRAP_SERVERS}), a Testcontainers container,
 * {@link LocalKafkaBroker}, a broker in a child JVM, and {@link KafkaCluster}, three such nodes replicating each
 * other. Only the last two can be crashed on purpose; tests that
 * need {@link #kill()} and {@link #restart()} guard themselves with
 * {@code Assumptions.assumeTrue(broker.supportsCrashTesting())}.
 */
public sealed interface KafkaBroker permits LocalKafkaBroker, KafkaCluster, UncrashableBroker {

    /** The {@code bootstrap.servers} value for clients. */
    String bootstrapServers();

    /**
     * Creates the topics with the given partition count and waits until every partition has a leader.
     * Idempotent: a topic that already exists with that partition count is fine; one that exists with a
     * different count is an error, because a test relying on the count would silently test something else.
     */
    void createTopics(int partitions, String... names);

    /** Whether {@link #kill()} and {@link #restart()} work on this broker. */
    boolean supportsCrashTesting();

    /** Kills the broker hard (SIGKILL, no clean shutdown) and returns once its process is gone. */
    void kill();

    /** Starts the broker again on the same data and the same ports, and returns once it answers. */
    void restart();

    /** A shared admin client; it belongs to the broker and is closed with it, so do not close it. */
    Admin admin();
}
