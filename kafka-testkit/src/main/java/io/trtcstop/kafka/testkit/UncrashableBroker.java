package io.trtcstop.kafka.testkit;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker this kit reaches but cannot kill and restart on the same data (an external cluster, a container):
 * topic set-up and the admin client work as for any broker, crash testing says it is unsupported.
 */
abstract sealed class UncrashableBroker implements KafkaBroker, AutoCloseable
        permits ExternalKafkaBroker, ContainerKafkaBroker {

    private final Admin admin;

    UncrashableBroker(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-testkit-admin"));
    }

    @Override
    public final void createTopics(int partitions, String... names) {
        TopicSetup.create(admin, partitions, names);
    }

    @Override
    public final boolean supportsCrashTesting() {
        return false;
    }

    @Override
    public final void kill() {
        throw unsupported();
    }

    @Override
    public final void restart() {
        throw unsupported();
    }

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("crash testing is not supported on " + this
                + ": guard the test with Assumptions.assumeTrue(broker.supportsCrashTesting())");
    }

    @Override
    public final Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
