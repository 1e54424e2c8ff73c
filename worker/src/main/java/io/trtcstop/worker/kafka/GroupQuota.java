package io.trtcstop.worker.kafka;

import io.trtcstop.worker.engine.ApiRateLimiter;
import io.trtcstop.worker.engine.QuotaSlice;
import io.trtcstop.worker.engine.SliceAgreement;
import io.trtcstop.worker.observability.CommittedLag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * <pre>share = Q * reserve / members + Q * (1 - reserve) * (I have pending work ? 1 : 0) / (members with pending work)</pre>
 *
 * where a partition is pending when its committed offset was behind its end at a refresh of the last 2 s
 * (so a partition with light traffic, whose committed offset catches up at every commit, does not flip the layout
 * at every refresh). When nothing is pending, the quota is
 * split by assigned partitions. The small reserve keeps an idle instance able to start on new work before the next
 * refresh. The shares, in the order of the members' ids, become adjoining {@link QuotaSlice}s of the API's calls
 * per second, so the instances' budgets add up to the quota in every one of the API's one-second windows.
 *
 * <p>The instances read the facts at their own moments and may compute different layouts for a while; a
 * {@link SliceAgreement} makes that safe: a slice shrinks at once and grows only after it has held for
 * {@link #SETTLE_REFRESHES} refreshes. When the facts cannot be read for {@link #STALE_REFRESHES} refreshes, the
 * slice expires to a minimum inside itself and a WARN says so. Runs on its own daemon threads.
 */
public final class GroupQuota implements StopWorker.AssignmentListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupQuota.class);
    static final double RESERVE = 0.025;
    /** Refreshes a grown slice must hold before it is used: two for the members to see it, one for the second. */
    static final int SETTLE_REFRESHES = 3;
    /** A partition counts as pending this many refresh periods after it was last seen behind its end. */
    static final int PENDING_REFRESHES = 2;
    /** Refreshes without the group's facts after which the slice expires to its minimum. */
    static final int STALE_REFRESHES = 5;

    private final Admin admin;
    private final String group;
    private final String topic;
    private final double accountRate;
    private final ApiRateLimiter limiter;
    private final Duration refreshEvery;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "quota-share");
        t.setDaemon(true);
        return t;
    });
    private final SliceAgreement agreement;
    private final Map<TopicPartition, Instant> lastPending = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean warnedStale;
    private volatile Set<TopicPartition> mine = Set.of();
    private volatile String memberId = "";
    private volatile QuotaSlice slice;
    private volatile CommittedLag committedLag; // the lag gauge, fed with the offsets each refresh reads

    public GroupQuota(Admin admin, String group, String topic, double accountRate, ApiRateLimiter limiter,
                      Duration refreshEvery) {
        this(admin, group, topic, accountRate, limiter, refreshEvery, Clock.systemUTC());
    }

    public GroupQuota(Admin admin, String group, String topic, double accountRate, ApiRateLimiter limiter,
                      Duration refreshEvery, Clock clock) {
        this.clock = clock;
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.accountRate = accountRate;
        this.limiter = limiter;
        this.refreshEvery = refreshEvery;
        // Until the group is known, a small rate: several instances starting at once must not each take it all.
        this.slice = new QuotaSlice(slots(accountRate), 0, accountRate * RESERVE * scale(accountRate));
        this.agreement = new SliceAgreement(slice, refreshEvery.multipliedBy(SETTLE_REFRESHES),
                refreshEvery.multipliedBy(STALE_REFRESHES), accountRate * RESERVE, clock);
        limiter.setSlice(slice);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
        // Apart from the refresh, which may hang in Admin calls: grown slices take effect, stale ones expire.
        scheduler.scheduleAtFixedRate(this::settle, refreshEvery.toMillis(), refreshEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Each refresh reports the committed and end offsets it read to {@code lag} (the committed-lag gauge). */
    public void reportOffsetsTo(CommittedLag lag) {
        this.committedLag = lag;
    }

    /** The share last applied, in calls per second. */
    public double share() {
        return slice.rate();
    }

    @Override
    public void assignmentChanged(Set<TopicPartition> assigned, String member) {
        Set<TopicPartition> before = mine;
        mine = assigned;
        memberId = member;
        if (!before.isEmpty() && assigned.size() < before.size()) {
            offer(slice.shrunk((double) assigned.size() / before.size())); // slow down before the refresh
        }
        scheduler.execute(this::refresh);
    }

    /**
     * The split, from the group's facts; pure, so it is tested on its own. The members with pending work share
     * 97.5% equally, however many of their partitions are pending: a member's set of pending partitions changes at
     * every partition that starts or runs dry, whether it has any changes far less often, and every change of the
     * layout costs the members whose slices grow {@link #SETTLE_REFRESHES} refreshes of it.
     */
    static double shareOf(double quota, String me, Map<String, Set<TopicPartition>> assignments,
                          Set<TopicPartition> pending) {
        int members = Math.max(1, assignments.size());
        Set<TopicPartition> myPartitions = assignments.getOrDefault(me, Set.of());
        long busyMembers = assignments.values().stream()
                .filter(theirs -> theirs.stream().anyMatch(pending::contains)).count();
        if (busyMembers == 0) {
            long assignedAll = assignments.values().stream().mapToLong(Set::size).sum();
            return assignedAll == 0 ? quota / members : quota * myPartitions.size() / assignedAll;
        }
        boolean busy = myPartitions.stream().anyMatch(pending::contains);
        return quota * RESERVE / members + (busy ? quota * (1 - RESERVE) / busyMembers : 0);
    }

    /** The members' shares laid end to end in the order of their ids: {@code me}'s part. Pure, like shareOf. */
    static QuotaSlice sliceOf(double quota, String me, Map<String, Set<TopicPartition>> assignments,
                              Set<TopicPartition> pending) {
        int slots = slots(quota);
        double scale = scale(quota);
        double from = 0;
        for (String member : new TreeSet<>(assignments.keySet())) {
            double length = shareOf(quota, member, assignments, pending) * scale;
            if (member.equals(me)) {
                return new QuotaSlice(slots, Math.min(from, slots), Math.min(from + length, slots));
            }
            from += length;
        }
        throw new IllegalArgumentException(me + " is not a member");
    }

    /** Whole calls per second: a fractional quota above 1 is rounded down (the API counts whole calls). */
    private static int slots(double quota) {
        return (int) Math.max(1, Math.floor(quota));
    }

    private static double scale(double quota) {
        return quota >= 1 ? slots(quota) / quota : 1.0;
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
            offer(sliceOf(accountRate, memberId, assignments, pending(all)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("cannot refresh the quota share, keeping {}/s: {}", slice.rate(), e.toString());
            settle();
        }
    }

    private synchronized void offer(QuotaSlice computed) {
        if (warnedStale) {
            warnedStale = false;
            log.info("API quota share: the group's facts are readable again");
        }
        apply(agreement.offer(computed));
    }

    /** Applies a grown slice once it has held, or the minimum once the slice is stale. */
    private synchronized void settle() {
        if (memberId.isEmpty()) {
            return; // not in the group yet: no facts to read, no commands to run
        }
        QuotaSlice current = agreement.current();
        if (agreement.stale() && !warnedStale) {
            warnedStale = true;
            log.warn("API quota share is stale: the group's facts (members, assignments, offsets) could not be read "
                            + "for {} s; using at most {}/s until they can", agreement.age().toSeconds(),
                    String.format("%.2f", current.rate()));
        }
        apply(current);
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
        if (committedLag != null) committedLag.offsetsRead(committed, ends);
        Instant now = clock.instant();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long end = ends.get(tp).offset();
            if ((c == null ? 0 : c.offset()) < end) {
                lastPending.put(tp, now);
            }
        }
        Instant since = now.minus(refreshEvery.multipliedBy(PENDING_REFRESHES));
        lastPending.values().removeIf(at -> at.isBefore(since));
        Set<TopicPartition> pending = new HashSet<>(lastPending.keySet());
        pending.retainAll(partitions);
        return pending;
    }

    private synchronized void apply(QuotaSlice newSlice) {
        if (Math.abs(newSlice.rate() - slice.rate()) > 1e-6 || Math.abs(newSlice.from() - slice.from()) > 1e-6) {
            log.debug("API quota share: {}/s of {}/s, calls [{}, {}) of each second's {}",
                    String.format("%.2f", newSlice.rate()), accountRate, String.format("%.2f", newSlice.from()),
                    String.format("%.2f", newSlice.to()), newSlice.slotsPerSecond());
        }
        slice = newSlice;
        limiter.setSlice(newSlice);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
