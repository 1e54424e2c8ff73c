package io.trtcstop.worker.kafka;

import io.trtcstop.worker.engine.ApiRateLimiter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the account's API quota among the instances of the consumer group without a coordinator of our own:
 * every instance reads the same facts from Kafka (the group's members and assignments, the committed offsets and
 * end offsets of the command topic) and computes the same split. An instance's share follows the work pending in
 * its partitions, so a backlog on a few partitions still gets (almost) the whole quota:
 *
 * <pre>share = Q' * reserve / members + Q' * (1 - reserve) * pendingMine / pendingAll</pre>
 *
 * with {@code Q' = Q * (1 - headroom)} when more than one member has pending work, or, with nothing pending,
 * when the group has more than one member ({@link #HEADROOM}).
 * where a partition is pending when its committed offset is behind its end. When nothing is pending, the quota is
 * split by assigned partitions. The small reserve keeps an idle instance able to start on new work before the next
 * refresh. On losing partitions the share drops at once; it grows only after a refresh has seen the new state.
 * Runs on its own daemon thread; Admin failures keep the last share (or the by-partitions bound).
 */
public final class GroupQuota implements StopWorker.AssignmentListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupQuota.class);
    static final double RESERVE = 0.025;
    /**
     * What several instances leave unused together: each paces evenly, but their calls are not interleaved, so now
     * and then one of the API's fixed one-second windows gets a call too many. At the full quota three instances
     * were throttled on 1.2% of their calls; 2.5% less keeps that under 1% (see the README's Performance section).
     * A single busy instance paces within its windows exactly and keeps (almost) the whole quota.
     */
    static final double HEADROOM = 0.025;

    private final Admin admin;
    private final String group;
    private final String topic;
    private final double accountRate;
    private final ApiRateLimiter limiter;
    private final Duration refreshEvery;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quota-share");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<TopicPartition> mine = Set.of();
    private volatile String memberId = "";
    private volatile double share;

    public GroupQuota(Admin admin, String group, String topic, double accountRate, ApiRateLimiter limiter,
                      Duration refreshEvery) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.accountRate = accountRate;
        this.limiter = limiter;
        this.refreshEvery = refreshEvery;
        // Until the group is known, a small rate: several instances starting at once must not each take it all.
        this.share = accountRate * RESERVE;
        limiter.setRate(share);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The share last applied, in calls per second. */
    public double share() {
        return share;
    }

    @Override
    public void assignmentChanged(Set<TopicPartition> assigned, String member) {
        Set<TopicPartition> before = mine;
        mine = assigned;
        memberId = member;
        if (!before.isEmpty() && assigned.size() < before.size()) {
            apply(share * assigned.size() / before.size()); // fewer partitions: slow down before the refresh
        }
        scheduler.execute(this::refresh);
    }

    /** The split, from the group's facts; pure, so it is tested on its own. */
    static double shareOf(double quota, String me, Map<String, Set<TopicPartition>> assignments,
                          Set<TopicPartition> pending) {
        int members = Math.max(1, assignments.size());
        Set<TopicPartition> myPartitions = assignments.getOrDefault(me, Set.of());
        long pendingAll = assignments.values().stream().flatMap(Set::stream).filter(pending::contains).count();
        if (pendingAll == 0) {
            double usable = members > 1 ? quota * (1 - HEADROOM) : quota;
            long assignedAll = assignments.values().stream().mapToLong(Set::size).sum();
            return assignedAll == 0 ? usable / members : usable * myPartitions.size() / assignedAll;
        }
        long busyMembers = assignments.values().stream()
                .filter(theirs -> theirs.stream().anyMatch(pending::contains)).count();
        double usable = busyMembers > 1 ? quota * (1 - HEADROOM) : quota;
        long pendingMine = myPartitions.stream().filter(pending::contains).count();
        return usable * RESERVE / members + usable * (1 - RESERVE) * pendingMine / pendingAll;
    }

    private void refresh() {
        if (memberId.isEmpty()) {
            return; // not in the group yet: no commands run, nothing to share
        }
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(10, TimeUnit.SECONDS);
            Map<String, Set<TopicPartition>> assignments = new HashMap<>();
            Set<TopicPartition> all = new HashSet<>();
            for (MemberDescription member : description.members()) {
                Set<TopicPartition> theirs = new HashSet<>();
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        theirs.add(tp);
                    }
                }
                assignments.put(member.consumerId(), theirs);
                all.addAll(theirs);
            }
            if (!assignments.containsKey(memberId)) {
                // The broker's view lags our rebalance: fall back to the bound our own assignment gives.
                assignments.put(memberId, mine);
                all.addAll(mine);
            }
            apply(shareOf(accountRate, memberId, assignments, pending(all)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("cannot refresh the quota share, keeping {}/s: {}", share, e.toString());
        }
    }

    private Set<TopicPartition> pending(Set<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return Set.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(10, TimeUnit.SECONDS);
        Set<TopicPartition> pending = new HashSet<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long end = ends.get(tp).offset();
            if ((c == null ? 0 : c.offset()) < end) {
                pending.add(tp);
            }
        }
        return pending;
    }

    private synchronized void apply(double newShare) {
        double bounded = Math.max(newShare, accountRate * RESERVE / 100); // the limiter needs a positive rate
        if (Math.abs(bounded - share) > 1e-6) {
            log.debug("API quota share: {}/s of {}/s", String.format("%.2f", bounded), accountRate);
        }
        share = bounded;
        limiter.setRate(bounded);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
