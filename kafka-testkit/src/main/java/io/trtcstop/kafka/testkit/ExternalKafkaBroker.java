package io.trtcstop.kafka.testkit;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A cluster someone else runs, reached through {@code KAFKA_BOOTSTRAP_SERVERS}; we never stop or crash it. */
final class ExternalKafkaBroker implements KafkaBroker, AutoCloseable {

    private final String bootstrapServers;
    private final Admin admin;

    ExternalKafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-testkit-admin"));
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
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
        admin.close(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "external Kafka at " + bootstrapServers;
    }
}
