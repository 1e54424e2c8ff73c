package io.trtcstop.worker.kafka;

import io.trtcstop.worker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the cluster lets this instance do what the worker needs, so that a managed cluster
 * without the right ACLs or settings is one clear start-up error (exit 2) naming what is missing, instead of a
 * transaction that fails at the first commit: READ on the command topic, WRITE on the outcome and dead-letter
 * topics, READ on the consumer group, WRITE on the transactional id, and an {@code offset.metadata.max.bytes} that
 * takes the finished-above metadata. A check the cluster does not answer (an older broker, no DESCRIBE_CONFIGS on
 * the cluster) is skipped with a log line: the worker would then learn at its first commit.
 */
final class ClusterPermissions {

    /** {@link FinishedAbove} keeps the commit metadata under 2.8 KB; Kafka's default limit is 4096. */
    static final int METADATA_BYTES_NEEDED = 3 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ClusterPermissions.class);

    private final WorkerConfig config;
    private final long timeoutMs;

    ClusterPermissions(WorkerConfig config) {
        this.config = config;
        this.timeoutMs = config.startupTimeout().toMillis();
    }

    /** @throws KafkaClients.StartupException naming every missing permission (or the metadata limit) */
    void check(Admin admin) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        topics(admin, missing);
        group(admin, missing);
        transactionalId(admin, missing);
        if (!missing.isEmpty()) {
            throw new KafkaClients.StartupException("the Kafka cluster does not allow this worker "
                    + String.join("; ", missing) + " (grant the ACLs listed in docs/deployment.md)");
        }
        metadataLimit(admin);
    }

    private void topics(Admin admin, List<String> missing) throws InterruptedException {
        Map<String, TopicDescription> topics;
        try {
            topics = get(admin.describeTopics(List.of(config.stopTopic(), config.outcomeTopic(), config.deadLetterTopic()),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames());
        } catch (ExecutionException e) {
            log.info("cannot check the topics' ACLs ({}); going on", e.getCause().toString());
            return;
        }
        require(topics.get(config.stopTopic()), AclOperation.READ, missing);
        require(topics.get(config.outcomeTopic()), AclOperation.WRITE, missing);
        require(topics.get(config.deadLetterTopic()), AclOperation.WRITE, missing);
    }

    private static void require(TopicDescription topic, AclOperation operation, List<String> missing) {
        Set<AclOperation> allowed = topic.authorizedOperations();
        if (allowed != null && !allowed.contains(operation) && !allowed.contains(AclOperation.ALL)) {
            missing.add(operation + " on topic " + topic.name());
        }
    }

    private void group(Admin admin, List<String> missing) throws InterruptedException {
        String group = config.consumerGroup();
        try {
            var description = get(admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).describedGroups().get(group));
            Set<AclOperation> allowed = description.authorizedOperations();
            if (allowed != null && !allowed.contains(AclOperation.READ) && !allowed.contains(AclOperation.ALL)) {
                missing.add("READ on consumer group " + group);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                missing.add("READ on consumer group " + group);
            } // a group that does not exist yet (DESCRIBE allowed) or an older broker: nothing to learn here
        }
    }

    private void transactionalId(Admin admin, List<String> missing) throws InterruptedException {
        String id = config.transactionalId();
        try {
            get(admin.describeTransactions(List.of(id)).description(id));
        } catch (ExecutionException e) {
            // WRITE on a transactional id implies DESCRIBE; "not found" (a new id) means DESCRIBE was allowed.
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                missing.add("WRITE on transactional id " + id + " (a PREFIXED ACL on '" + config.consumerGroup()
                        + "-' covers every instance)");
            }
        }
    }

    private void metadataLimit(Admin admin) throws InterruptedException {
        try {
            String broker = get(admin.describeCluster().nodes()).iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config brokerConfig = get(admin.describeConfigs(List.of(resource)).all()).get(resource);
            ConfigEntry limit = brokerConfig.get("offset.metadata.max.bytes");
            if (limit != null && limit.value() != null && Integer.parseInt(limit.value()) < METADATA_BYTES_NEEDED) {
                throw new KafkaClients.StartupException("the Kafka cluster's offset.metadata.max.bytes is "
                        + limit.value() + "; the worker's commits need at least " + METADATA_BYTES_NEEDED
                        + " (they carry the finished records above a retrying one; Kafka's default is 4096)");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                log.info("cannot read offset.metadata.max.bytes ({}); going on", e.getCause().toString());
            }
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            log.info("cannot read offset.metadata.max.bytes ({}); going on", e.toString());
        }
    }

    private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException(e);
        }
    }
}
