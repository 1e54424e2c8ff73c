package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicCreationIT {

    private static KafkaBroker fromBeforeAll;
    private final KafkaBroker broker;

    TopicCreationIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeAll
    static void remember(KafkaBroker broker) {
        fromBeforeAll = broker;
    }

    @Test
    void everyInjectionPointGetsTheSameSharedBroker(KafkaBroker fromTest) {
        assertThat(fromTest).isSameAs(broker).isSameAs(fromBeforeAll);
    }

    @Test
    void createsTopicsWithTheRequestedPartitionsAndLeaders() throws Exception {
        String orders = unique("orders");
        String payments = unique("payments");

        broker.createTopics(4, orders, payments);

        Map<String, TopicDescription> topics = broker.admin().describeTopics(List.of(orders, payments)).allTopicNames().get();
        assertThat(topics.values()).allSatisfy(topic -> {
            assertThat(topic.partitions()).hasSize(4);
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        });
    }

    @Test
    void creatingAnExistingTopicAgainIsFine() throws Exception {
        String topic = unique("again");
        broker.createTopics(3, topic);

        broker.createTopics(3, topic);

        assertThat(broker.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
    }

    @Test
    void anExistingTopicWithAnotherPartitionCountIsAnError() {
        String topic = unique("mismatch");
        broker.createTopics(2, topic);

        assertThatThrownBy(() -> broker.createTopics(5, topic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("already exists with 2 partitions");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> broker.createTopics(0, unique("none"))).hasMessageContaining("at least one partition");
        assertThatThrownBy(() -> broker.createTopics(1)).hasMessageContaining("no topic names");
        assertThatThrownBy(() -> broker.createTopics(1, " ")).hasMessageContaining("must not be blank");
    }
}
