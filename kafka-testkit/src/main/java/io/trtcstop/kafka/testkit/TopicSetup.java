package io.trtcstop.kafka.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics idempotently and waits until they can be used: every partition has a leader. */
final class TopicSetup {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private TopicSetup() {
    }

    static void create(Admin admin, int partitions, String... names) {
        List<String> topics = validate(partitions, names);
        List<NewTopic> requested = topics.stream()
                .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                .toList();
        admin.createTopics(requested).values().forEach(TopicSetup::awaitCreatedOrExisting);
        awaitLeaders(admin, partitions, topics);
    }

    private static List<String> validate(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, got " + partitions);
        }
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("no topic names given");
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank, got " + Arrays.toString(names));
            }
        }
        return List.of(names);
    }

    private static void awaitCreatedOrExisting(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topic " + topic + " took longer than " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    private static void awaitLeaders(Admin admin, int partitions, List<String> topics) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (allLed(describe(admin, topics), partitions)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("topics " + topics + " still have partitions without a leader after " + TIMEOUT);
            }
            Pause.of(POLL);
        }
    }

    /** Empty while the broker's metadata does not know every topic yet. */
    private static Optional<Map<String, TopicDescription>> describe(Admin admin, List<String> topics) {
        try {
            return Optional.of(admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("describing topics " + topics + " took longer than " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics " + topics, e);
        }
    }

    private static boolean allLed(Optional<Map<String, TopicDescription>> descriptions, int partitions) {
        if (descriptions.isEmpty()) {
            return false;
        }
        for (TopicDescription topic : descriptions.get().values()) {
            if (topic.partitions().size() != partitions) {
                throw new IllegalStateException("topic " + topic.name() + " already exists with "
                        + topic.partitions().size() + " partitions, not the " + partitions + " asked for;"
                        + " use another topic name");
            }
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }
}
