package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BrokerKindTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker must not be probed");
    };

    @Test
    void anExternalClusterWinsWithoutProbingDocker() {
        assertThat(BrokerKind.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), MUST_NOT_PROBE))
                .isEqualTo(BrokerKind.EXTERNAL);
    }

    @Test
    void aContainerWhenDockerIsThereElseAChildProcess() {
        assertThat(BrokerKind.choose(Map.of(), DOCKER)).isEqualTo(BrokerKind.CONTAINER);
        assertThat(BrokerKind.choose(Map.of(), NO_DOCKER)).isEqualTo(BrokerKind.LOCAL_PROCESS);
        assertThat(BrokerKind.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", "  "), NO_DOCKER)).isEqualTo(BrokerKind.LOCAL_PROCESS);
    }

    @Test
    void theKindCanBeForcedWithoutProbingDocker() {
        assertThat(BrokerKind.choose(Map.of("KAFKA_TESTKIT_BROKER", "local"), MUST_NOT_PROBE))
                .isEqualTo(BrokerKind.LOCAL_PROCESS);
        assertThat(BrokerKind.choose(Map.of("KAFKA_TESTKIT_BROKER", "Container"), MUST_NOT_PROBE))
                .isEqualTo(BrokerKind.CONTAINER);
        assertThat(BrokerKind.choose(Map.of("KAFKA_TESTKIT_BROKER", "cluster"), MUST_NOT_PROBE))
                .isEqualTo(BrokerKind.CLUSTER);
    }

    @Test
    void anUnknownForcedKindIsAClearError() {
        assertThatThrownBy(() -> BrokerKind.choose(Map.of("KAFKA_TESTKIT_BROKER", "docker"), MUST_NOT_PROBE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'container', 'local' or 'cluster'")
                .hasMessageContaining("'docker'");
    }
}
