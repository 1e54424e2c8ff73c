package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.config.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ConsumerDefaultsTest {

    private static Map<String, Object> consumer(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("TENCENTCLOUD_SECRET_ID", "AKIDexample123");
        env.put("TENCENTCLOUD_SECRET_KEY", "super-secret-key-value");
        env.put("HOSTNAME", "worker-0");
        env.putAll(extra);
        return new KafkaClients(WorkerConfig.fromEnvironment(env)).consumerProperties();
    }

    @Test
    void aDynamicMemberHasAShortSessionSoACrashLoopingGroupStillFinishesItsRebalances() {
        Map<String, Object> props = consumer(Map.of());
        assertThat(props).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void aStaticMemberKeepsTheBrokersLongSessionForARestartWithoutRebalance() {
        Map<String, Object> props = consumer(Map.of("WORKER_INSTANCE_ID", "worker-0"));
        assertThat(props).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "worker-0")
                .doesNotContainKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    }

    @Test
    void theOperatorsSettingWins() {
        assertThat(consumer(Map.of("KAFKA_CLIENT_SESSION_TIMEOUT_MS", "30000")))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
    }

    @Test
    void theKip848ProtocolKeepsItsTimeoutsOnTheBroker() {
        assertThat(consumer(Map.of("KAFKA_CLIENT_GROUP_PROTOCOL", "consumer")))
                .doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    }
}
