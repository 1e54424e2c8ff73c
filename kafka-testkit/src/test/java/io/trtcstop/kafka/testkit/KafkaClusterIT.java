package io.trtcstop.kafka.testkit;

import static io.trtcstop.kafka.testkit.TestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 3-node cluster replicates as production does, and each way of taking a node away (crash, controlled shutdown)
 * moves leaders and coordinators while committed transactions stay readable.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaClusterIT {

    @Test
    void everyTopicHasThreeReplicasAndNeedsTwoInSync(KafkaCluster cluster) throws Exception {
        String topic = unique("replicated");
        cluster.createTopics(3, topic);
        TopicDescription description = cluster.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry minIsr = cluster.admin().describeConfigs(List.of(resource)).all().get().get(resource)
                .get("min.insync.replicas");
        assertThat(minIsr.value()).isEqualTo("2");
        assertThat(cluster.admin().describeCluster().nodes().get()).hasSize(3);
    }

    @Test
    void killingTheCoordinatorMovesItAndTransactionsGoOn(KafkaCluster cluster) throws Exception {
        String topic = unique("failover");
        String transactionalId = unique("tx");
        String group = unique("group");
        cluster.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(cluster, transactionalId)) {
            producer.initTransactions();
            commitOne(producer, topic, "before");
            int coordinator = cluster.transactionCoordinator(transactionalId);
            int leader = cluster.leader(new TopicPartition(topic, 0));

            cluster.kill(coordinator);
            assertThat(cluster.isRunning(coordinator)).isFalse();
            commitOne(producer, topic, "during");
            assertThat(cluster.transactionCoordinator(transactionalId)).isNotEqualTo(coordinator);
            if (leader == coordinator) {
                assertThat(cluster.leader(new TopicPartition(topic, 0))).isNotEqualTo(leader);
            }

            cluster.start(coordinator);
            cluster.awaitFullyReplicated(Duration.ofSeconds(60));
            int groupCoordinator = cluster.groupCoordinator(group);
            cluster.stop(groupCoordinator); // controlled shutdown
            commitOne(producer, topic, "after");
            assertThat(cluster.groupCoordinator(group)).isNotEqualTo(groupCoordinator);
            cluster.start(groupCoordinator);
            cluster.awaitFullyReplicated(Duration.ofSeconds(60));
        }
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(cluster, group, IsolationLevel.READ_COMMITTED)) {
            consumer.subscribe(List.of(topic));
            assertThat(TestClients.consume(consumer, 3)).extracting(r -> r.value())
                    .containsExactly("before", "during", "after");
        }
    }

    @Test
    void aPausedNodeIsFencedAndComesBackWhenResumed(KafkaCluster cluster) throws Exception {
        int node = cluster.nodeIds().get(0);
        cluster.pause(node);
        try {
            // It stops heartbeating, so the controller fences it and moves its leaderships, as for a hung host.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> servingNodes(cluster) == 2);
            assertThat(cluster.isRunning(node)).isTrue();
        } finally {
            cluster.resume(node);
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> servingNodes(cluster) == 3);
        cluster.awaitFullyReplicated(Duration.ofSeconds(60));
    }

    private static int servingNodes(KafkaCluster cluster) throws Exception {
        return cluster.admin().describeCluster().nodes().get().size();
    }

    private static void commitOne(KafkaProducer<String, String> producer, String topic, String value) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, 0, "k", value));
        producer.commitTransaction();
    }
}
