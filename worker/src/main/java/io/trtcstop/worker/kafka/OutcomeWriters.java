package io.trtcstop.worker.kafka;

import io.trtcstop.worker.config.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each instance of the group last wrote to the outcome topic: a live instance with work writes outcomes every
 * fraction of a second, whatever order its commands finish in, so this shows which members are alive to everybody
 * (the committed offsets do not: one command waiting for a retry holds its partition's offset for seconds).
 *
 * <p>Read with {@code Admin.describeProducers} (the last batch each producer appended to each outcome partition,
 * timestamped by the writer's clock) and {@code describeTransactions} (which producer id an instance's
 * transactional id has; kept for a minute, "none yet" for 5 s). Needs READ on the outcome topic and DESCRIBE on the
 * transactional ids; without them it answers nothing, once logged, and the group's quota split simply never counts a member as silent.
 */
final class OutcomeWriters {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriters.class);
    private static final Duration PRODUCER_IDS_FOR = Duration.ofMinutes(1);
    private static final long TIMEOUT_SECONDS = 5;

    /** How long an instance's transactional id is taken as unused before it is looked up again. */
    private static final Duration NOT_FOUND_FOR = Duration.ofSeconds(5);

    /** {@code id} null: the transactional id was not found (the instance has not begun a transaction). */
    private record ProducerId(Long id, Instant readAt) {
    }

    private final Admin admin;
    private final String outcomeTopic;
    private final String group;
    private final Map<String, ProducerId> producerIds = new HashMap<>();
    private List<TopicPartition> partitions = List.of();
    private boolean unauthorized;

    OutcomeWriters(Admin admin, String outcomeTopic, String group) {
        this.admin = admin;
        this.outcomeTopic = outcomeTopic;
        this.group = group;
    }

    /**
     * Instance id -> its last write to the outcome topic, for those that have written; empty when unreadable (a
     * member whose writes are unknown is never counted as silent, so a failed read costs nothing but a late share).
     */
    Map<String, Instant> lastWrites(Collection<String> instanceIds, Instant now) throws InterruptedException {
        if (unauthorized) {
            return Map.of();
        }
        try {
            Map<Long, String> byProducer = producerIds(instanceIds, now);
            if (byProducer.isEmpty()) {
                return Map.of();
            }
            Map<String, Instant> last = new HashMap<>();
            var states = admin.describeProducers(partitions()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            states.values().forEach(state -> {
                for (ProducerState producer : state.activeProducers()) {
                    String instanceId = byProducer.get(producer.producerId());
                    if (instanceId != null && producer.lastTimestamp() > 0) {
                        last.merge(instanceId, Instant.ofEpochMilli(producer.lastTimestamp()),
                                (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            });
            return last;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.UnsupportedVersionException) {
                unauthorized = true;
                log.warn("API quota share: cannot tell a crashed member from a live one ({}); grant READ on {} and "
                        + "DESCRIBE on the group's transactional ids (brokers 2.8 or later) so that a crashed member's "
                        + "share goes to the others within seconds instead of after its session timeout",
                        e.getCause().getMessage(), outcomeTopic);
                return Map.of();
            }
            log.debug("cannot read the outcome writers this time: {}", e.getCause().toString());
            return Map.of();
        } catch (java.util.concurrent.TimeoutException e) {
            log.debug("outcome writers not read within {} s", TIMEOUT_SECONDS);
            return Map.of();
        }
    }

    /**
     * Instance id -> producer id, for those that have begun a transaction: one {@code describeTransactions} for all
     * the ids not known (or re-checked) yet, in one round trip per coordinator rather than one per instance.
     */
    private Map<Long, String> producerIds(Collection<String> instanceIds, Instant now) throws InterruptedException,
            ExecutionException, java.util.concurrent.TimeoutException {
        Map<String, String> toLookUp = new HashMap<>(); // transactional id -> instance id
        for (String instanceId : instanceIds) {
            ProducerId known = producerIds.get(instanceId);
            if (known == null || !now.isBefore(known.readAt().plus(known.id() == null ? NOT_FOUND_FOR
                    : PRODUCER_IDS_FOR))) {
                toLookUp.put(WorkerConfig.transactionalId(group, instanceId), instanceId);
            }
        }
        if (!toLookUp.isEmpty()) {
            var described = admin.describeTransactions(toLookUp.keySet());
            for (Map.Entry<String, String> id : toLookUp.entrySet()) {
                Long producerId;
                try {
                    producerId = described.description(id.getKey()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .producerId();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TransactionalIdNotFoundException)) {
                        throw e;
                    }
                    producerId = null; // it has not begun a transaction yet
                }
                producerIds.put(id.getValue(), new ProducerId(producerId, now));
            }
        }
        Map<Long, String> byProducer = new HashMap<>();
        for (String instanceId : instanceIds) {
            ProducerId known = producerIds.get(instanceId);
            if (known != null && known.id() != null) {
                byProducer.put(known.id(), instanceId);
            }
        }
        return byProducer;
    }

    private List<TopicPartition> partitions() throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        if (partitions.isEmpty()) {
            TopicDescription topic = admin.describeTopics(List.of(outcomeTopic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(outcomeTopic);
            partitions = topic.partitions().stream().map(p -> new TopicPartition(outcomeTopic, p.partition()))
                    .toList();
        }
        return partitions;
    }
}
