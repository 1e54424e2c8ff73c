package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KraftServerConfigTest {

    private final KraftServerConfig config =
            new KraftServerConfig(new BrokerPorts(19092, 19093), Path.of("/tmp/kafka-testkit/data"));

    @Test
    void listensAndAdvertisesOnLoopbackPorts() {
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(config.properties())
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("log.dirs", "/tmp/kafka-testkit/data");
    }

    @Test
    void isTunedForOneNodeAndFastGroups() {
        assertThat(config.properties())
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void rendersAFileThatKafkaReadsBackUnchanged() throws Exception {
        Properties loaded = new Properties();
        loaded.load(new StringReader(config.render()));

        assertThat(loaded).containsExactlyInAnyOrderEntriesOf(config.properties());
    }

    @Test
    void rejectsARelativeLogDirectory() {
        assertThatThrownBy(() -> new KraftServerConfig(new BrokerPorts(1, 2), Path.of("data")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void freePortsDiffer() {
        BrokerPorts ports = BrokerPorts.pickFree();

        assertThat(ports.broker()).isPositive().isNotEqualTo(ports.controller());
    }
}
