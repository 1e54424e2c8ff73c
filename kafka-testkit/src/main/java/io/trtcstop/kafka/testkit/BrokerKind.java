package io.trtcstop.kafka.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The kinds of broker {@link KafkaBrokerExtension} can give to tests, and how one is chosen. */
enum BrokerKind {

    /** A cluster named by {@code KAFKA_BOOTSTRAP_SERVERS}. */
    EXTERNAL("external cluster"),
    /** A Testcontainers container; needs a Docker engine. */
    CONTAINER("Testcontainers container"),
    /** {@link LocalKafkaBroker}: a child JVM in a temporary directory. */
    LOCAL_PROCESS("child-process broker"),
    /** {@link KafkaCluster}: three child JVMs replicating each other (replication factor 3, min.insync.replicas 2). */
    CLUSTER("3-node child-process cluster");

    static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /**
     * Optional: {@code container} or {@code local} skips the Docker probe (e.g. to run crash tests where Docker
     * exists); {@code cluster} runs every test against a {@link KafkaCluster}.
     */
    static final String KIND_ENV = "KAFKA_TESTKIT_BROKER";

    private final String description;

    BrokerKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /**
     * An external cluster when {@code KAFKA_BOOTSTRAP_SERVERS} is set; else a container if Docker is there;
     * else a child process. {@code dockerAvailable} is asked only when the answer depends on it.
     */
    static BrokerKind choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        if (!env.getOrDefault(BOOTSTRAP_SERVERS_ENV, "").isBlank()) {
            return EXTERNAL;
        }
        String forced = env.getOrDefault(KIND_ENV, "").strip().toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "" -> dockerAvailable.getAsBoolean() ? CONTAINER : LOCAL_PROCESS;
            case "container" -> CONTAINER;
            case "local" -> LOCAL_PROCESS;
            case "cluster" -> CLUSTER;
            default -> throw new IllegalArgumentException(KIND_ENV + " must be 'container', 'local' or 'cluster' (or unset), got '"
                    + env.get(KIND_ENV) + "'; for an external cluster set " + BOOTSTRAP_SERVERS_ENV + " instead");
        };
    }
}
