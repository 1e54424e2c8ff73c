package io.trtcstop.kafka.testkit;

/** A cluster someone else runs, reached through {@code KAFKA_BOOTSTRAP_SERVERS}; we never stop or crash it. */
final class ExternalKafkaBroker extends UncrashableBroker {

    private final String bootstrapServers;

    ExternalKafkaBroker(String bootstrapServers) {
        super(bootstrapServers);
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String toString() {
        return "external Kafka at " + bootstrapServers;
    }
}
