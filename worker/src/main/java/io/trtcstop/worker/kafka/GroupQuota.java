package io.trtcstop.worker.kafka;

import io.trtcstop.worker.engine.ApiRateLimiter;
import io.trtcstop.worker.engine.ChangeVisibility;
import io.trtcstop.worker.engine.QuotaLayout;
import io.trtcstop.worker.engine.QuotaLayout.MemberLoad;
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
import java.util.SortedMap;
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
 * end offsets of the command topic) every refresh, turns them into each member's load ({@link GroupActivity}:
 * pending, demand, silent) and computes the same split ({@link QuotaLayout}): backlogs share what light traffic
 * leaves, a member that crashed with its partitions still assigned gives its share away within seconds. The shares,
 * in the order of the members' ids, become adjoining {@link QuotaSlice}s of the API's calls per second, so the
 * instances' budgets add up to the quota in every one of the API's one-second windows.
 *
 * <p>The instances read the facts at their own moments and may compute different layouts for a while; a
 * {@link SliceAgreement} makes that safe: a slice shrinks at once and grows only from the first second that starts
 * once every member can have applied the change ({@link ChangeVisibility}: a refresh period, twice the slowest
 * recent refresh, twice the clock tolerance). When the facts cannot be read for {@link #STALE_AFTER}, the slice expires
 * to a minimum inside itself and a WARN says so. Runs on its own daemon threads.
 */
public final class GroupQuota implements StopWorker.AssignmentListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupQuota.class);
    /**
     * How often each instance reads the group's facts: four Admin requests (group, committed offsets, end offsets,
     * producers) per refresh; the visibility, and so how fast a share grows, is about this plus a second.
     */
    public static final Duration REFRESH_EVERY = Duration.ofMillis(500);
    /** A partition that received records this recently counts as pending (light traffic catches up at once). */
    static final Duration PENDING_FOR = Duration.ofSeconds(2);
    /** Without the group's facts for this long, the slice expires to its minimum. */
    static final Duration STALE_AFTER = Duration.ofSeconds(5);
    /** A busy member whose offsets stand still this long (at least; see the constructor) counts as silent. */
    static final Duration SILENT_AFTER = Duration.ofSeconds(2);
    /** What a member that just got work may take before its first outcome, beyond {@code silentAfter}. */
    static final Duration START_ALLOWANCE = Duration.ofSeconds(3);
    /** How often the agreed slice is re-read: a grown slice applies this soon after its second begins. */
    static final Duration SETTLE_TICK = Duration.ofMillis(100);
    /** How long a refresh is taken to last until one has been timed. */
    static final Duration ASSUMED_REFRESH = Duration.ofMillis(250);

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
    private final GroupActivity activity;
    private volatile OutcomeWriters writers;
    private SortedMap<String, MemberLoad> lastLoads = new java.util.TreeMap<>();
    private Map<String, QuotaSlice> lastLayout = Map.of();
    private boolean warnedStale;
    private volatile Set<TopicPartition> mine = Set.of();
    private volatile String memberId = "";
    private volatile QuotaSlice slice;
    private volatile CommittedLag committedLag; // the lag gauge, fed with the offsets each refresh reads
    private final ChangeVisibility visibility;

    /**
     * @param commitInterval the workers' {@code COMMIT_INTERVAL}: a member commits at least this often while it
     *                       makes progress, so it counts as silent only after twice that and a second more
     */
    public GroupQuota(Admin admin, String group, String topic, double accountRate, ApiRateLimiter limiter,
                      Duration refreshEvery, Duration commitInterval, Clock clock) {
        this.clock = clock;
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.accountRate = accountRate;
        this.limiter = limiter;
        this.refreshEvery = refreshEvery;
        Duration silentAfter = commitInterval.multipliedBy(2).plusSeconds(1);
        silentAfter = silentAfter.compareTo(SILENT_AFTER) > 0 ? silentAfter : SILENT_AFTER;
        this.activity = new GroupActivity(PENDING_FOR, silentAfter, START_ALLOWANCE.plus(silentAfter));
        // Until the group is known, a small rate: several instances starting at once must not each take it all.
        this.slice = QuotaLayout.beforeTheGroupIsKnown(accountRate);
        this.visibility = new ChangeVisibility(refreshEvery, ASSUMED_REFRESH);
        this.agreement = new SliceAgreement(slice, visibility.current(), STALE_AFTER,
                accountRate * QuotaLayout.RESERVE, clock);
        limiter.setSlice(slice);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
        // Apart from the refresh, which may hang in Admin calls: grown slices take effect, stale ones expire.
        scheduler.scheduleAtFixedRate(this::settle, SETTLE_TICK.toMillis(), SETTLE_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Tells a crashed member from a live one by its writes to {@code outcomeTopic}, so that its share goes to the
     * others within seconds; without this no member ever counts as silent.
     */
    public void watchWritesTo(String outcomeTopic) {
        this.writers = new OutcomeWriters(admin, outcomeTopic, group);
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
        if (memberId.isEmpty() && !member.isEmpty()) {
            offer(slice); // the facts were not due before we were in the group: not stale, only not read yet
        }
        mine = assigned;
        memberId = member;
        if (!before.isEmpty() && assigned.size() < before.size()) {
            offer(slice.shrunk((double) assigned.size() / before.size())); // slow down before the refresh
        }
        scheduler.execute(this::refresh);
    }

    private void refresh() {
        if (memberId.isEmpty()) {
            return; // not in the group yet: no commands run, nothing to share
        }
        Instant started = clock.instant();
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(10, TimeUnit.SECONDS);
            Map<String, Set<TopicPartition>> assignments = new HashMap<>();
            Map<String, String> instanceIds = new HashMap<>(); // member id -> client.id, the worker's instance id
            Set<TopicPartition> all = new HashSet<>();
            for (MemberDescription member : description.members()) {
                instanceIds.put(member.consumerId(), member.clientId());
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
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            readOffsets(all, committed, ends);
            Map<String, Instant> lastWrites = new HashMap<>();
            if (writers != null) {
                Map<String, Instant> byInstance = writers.lastWrites(instanceIds.values(), clock.instant());
                instanceIds.forEach((member, instance) -> {
                    if (byInstance.containsKey(instance)) {
                        lastWrites.put(member, byInstance.get(instance));
                    }
                });
            }
            synchronized (this) {
                Instant now = clock.instant();
                SortedMap<String, MemberLoad> loads = activity.update(now, assignments, committed, ends, lastWrites);
                if (!loads.equals(lastLoads)) {
                    log.debug("group loads: {}", loads);
                    lastLoads = loads;
                }
                lastLayout = layout(accountRate, loads, lastLayout, activity, now);
                agreement.visibility(visibility.refreshed(Duration.between(started, now)));
                offer(lastLayout.get(memberId));
            }
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

    /**
     * The members' slices from their loads; tells {@code activity} whose slice lost part of what it held before (a
     * member that cannot call for a while must not count as silent for it).
     */
    static Map<String, QuotaSlice> layout(double quota, SortedMap<String, MemberLoad> loads,
                                          Map<String, QuotaSlice> before, GroupActivity activity, Instant now) {
        Map<String, QuotaSlice> layout = QuotaLayout.slices(quota, loads);
        layout.forEach((member, slice) -> {
            QuotaSlice was = before.get(member);
            if (was != null && (slice.from() > was.from() + 1e-6 || slice.to() < was.to() - 1e-6)) {
                activity.sliceShrank(member, now);
            }
        });
        return layout;
    }

    /** Reads the committed offsets and the (read-committed) end offsets of {@code partitions}. */
    private void readOffsets(Set<TopicPartition> partitions, Map<TopicPartition, Long> committed,
                             Map<TopicPartition, Long> ends) throws Exception {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var endOffsets = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(10, TimeUnit.SECONDS);
        if (committedLag != null) committedLag.offsetsRead(commits, endOffsets);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = commits.get(tp);
            committed.put(tp, c == null ? 0 : c.offset());
            ends.put(tp, endOffsets.get(tp).offset());
        }
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
