package io.trtcstop.worker.replay;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** What the tool checks about topics before it reads or writes anything; each failure names the fix. */
final class KafkaTopics {

    private final Admin admin;
    private final String bootstrap;
    private final Duration timeout;

    KafkaTopics(Admin admin, String bootstrap, Duration timeout) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    /** The topics among these that do not exist. */
    Set<String> missing(Collection<String> topics) {
        Set<String> missing = new TreeSet<>(topics);
        missing.removeAll(await(admin.listTopics().names()));
        return missing;
    }

    void requireExisting(Collection<String> topics) {
        Set<String> missing = missing(topics);
        if (!missing.isEmpty()) {
            throw new ReplaySetupException("missing Kafka topic(s): " + String.join(", ", missing)
                    + " (create them first: see ops/topics.md)");
        }
    }

    Uuid topicId(String topic) {
        Map<String, TopicDescription> d = await(admin.describeTopics(List.of(topic)).allTopicNames());
        return d.get(topic).topicId();
    }

    /**
     * Refuses a ledger whose entries can expire: once an entry is deleted, its dead letter looks new and would be
     * replayed a second time. Compaction (alone or with deletion of old segments kept forever) is what keeps them.
     */
    void requireLastingLedger(String ledgerTopic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, ledgerTopic);
        Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        String retention = value(config, TopicConfig.RETENTION_MS_CONFIG, "604800000");
        boolean compacted = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        boolean deletes = policy.contains(TopicConfig.CLEANUP_POLICY_DELETE);
        if (!compacted || deletes && !"-1".equals(retention.trim())) {
            throw new ReplaySetupException("the replay ledger topic " + ledgerTopic + " has cleanup.policy=" + policy
                    + " and retention.ms=" + retention + ": its entries would expire and those dead letters be "
                    + "replayed again; set cleanup.policy=compact (see ops/topics.md)");
        }
    }

    private static String value(Config config, String name, String fallback) {
        var entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? fallback : entry.value();
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ReplaySetupException("Kafka at " + bootstrap + " did not answer within " + timeout
                    + " (check KAFKA_BOOTSTRAP_SERVERS and the KAFKA_CLIENT_* security settings)");
        } catch (ExecutionException e) {
            throw new ReplaySetupException("Kafka at " + bootstrap + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while asking Kafka about topics");
        }
    }
}
