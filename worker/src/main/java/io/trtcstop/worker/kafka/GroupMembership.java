package io.trtcstop.worker.kafka;

import io.trtcstop.worker.observability.LoopMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of the consumer group: what the group gives and takes (the rebalance callbacks, on the poll
 * thread inside {@code poll()}), told at INFO with the generation and how long the change took, so an operator can
 * see why an instance idles. A revoked partition's finished work is committed while it is still ours; a lost one's
 * is left to its next owner.
 */
final class GroupMembership implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

    private final Consumer<byte[], byte[]> consumer;
    private final AssignedPartitions partitions;
    private final CommandPipeline pipeline;
    private final LoopMonitor monitor;
    private final StopWorker.AssignmentListener assignmentListener;
    private final Runnable commitFinished;
    private final Clock clock;
    /** When this member's current join began (subscription, or the revocation that started it); null once done. */
    private Instant joinStartedAt;
    private Instant lastChange;
    /** Since when this instance has owned no partition (null while it owns some). */
    private Instant emptySince;
    private volatile boolean everAssigned;

    /**
     * @param commitFinished collects finished commands and commits them (called before partitions are revoked)
     */
    GroupMembership(Consumer<byte[], byte[]> consumer, AssignedPartitions partitions, CommandPipeline pipeline,
                    LoopMonitor monitor, StopWorker.AssignmentListener assignmentListener, Runnable commitFinished,
                    Clock clock) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.pipeline = pipeline;
        this.monitor = monitor;
        this.assignmentListener = assignmentListener;
        this.commitFinished = commitFinished;
        this.clock = clock;
    }

    /** Subscribes to the command topic; the join itself happens in the following polls. */
    void join(String topic, String group, boolean staticMember) {
        joinStartedAt = clock.instant();
        lastChange = joinStartedAt;
        emptySince = joinStartedAt;
        log.info("joining group {} for topic {} as a {} member", group, topic, staticMember ? "static" : "dynamic");
        monitor.assignmentWaiting("joining group " + group + " since " + joinStartedAt);
        consumer.subscribe(java.util.List.of(topic), this);
    }

    boolean everAssigned() {
        return everAssigned;
    }

    /** Since when this instance has owned no partition, or null while it owns some. */
    Instant emptySince() {
        return emptySince;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        // Commit what is finished while the partitions are still ours; the rest is redone by the next owner.
        commitFinished.run();
        retire(revoked);
        changed("revoked", revoked, Set.of());
        joinStartedAt = lastChange; // the rebalance that takes them goes on with our next join
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        retire(lost);
        log.warn("partitions lost (no commit possible; their next owner redoes what was not committed): {}",
                sorted(lost));
        changed("lost", lost, Set.of());
        joinStartedAt = lastChange;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
        // No position() here: it may block on a commit still pending from a dead instance. Ledgers learn
        // their first offset from the first record.
        partitions.assigned(added);
        // Nothing is fetched from them before their committed metadata is read (FetchGate): the records an
        // earlier owner finished above the committed offset must be skipped, not done twice.
        consumer.pause(added);
        if (!added.isEmpty()) {
            everAssigned = true;
        }
        changed("assigned", Set.of(), added);
        joinStartedAt = null; // the join this assignment ends is over
        notifyAssignment();
    }

    private void retire(Collection<TopicPartition> gone) {
        for (PartitionLedger ledger : partitions.remove(gone)) {
            pipeline.retire(ledger);
            monitor.forget(ledger.partition());
        }
        notifyAssignment();
    }

    /** One INFO line per change: what was gained and lost, the generation, and how long the join has taken. */
    private void changed(String how, Collection<TopicPartition> lost, Collection<TopicPartition> gained) {
        Instant now = clock.instant();
        int generation = consumer.groupMetadata().generationId();
        Set<TopicPartition> owned = partitions.assignedNow();
        String timing = joinStartedAt != null
                ? Duration.between(joinStartedAt, now).toMillis() + " ms since the join started"
                : Duration.between(lastChange, now).toMillis() + " ms since the last change";
        if (!lost.isEmpty() || !gained.isEmpty() || how.equals("assigned")) {
            log.info("assignment {} at generation {}: gained {}, lost {}, now owns {} partition(s) {} ({})", how,
                    generation, sorted(gained), sorted(lost), owned.size(), sorted(owned), timing);
        }
        lastChange = now;
        if (owned.isEmpty()) {
            if (emptySince == null) {
                emptySince = now;
            }
            monitor.assignmentWaiting(how.equals("assigned")
                    ? "generation " + generation + " gave this instance no partition (more members than partitions,"
                    + " or partitions still moving) since " + emptySince
                    : "partitions " + how + " at generation " + generation + ", rejoining since " + emptySince);
        } else {
            emptySince = null;
            monitor.assignmentReceived();
        }
    }

    private void notifyAssignment() {
        if (assignmentListener != null) {
            assignmentListener.assignmentChanged(partitions.assignedNow(), consumer.groupMetadata().memberId());
        }
    }

    private static Set<String> sorted(Collection<TopicPartition> tps) {
        Set<String> names = new TreeSet<>();
        tps.forEach(tp -> names.add(tp.toString()));
        return names;
    }
}
