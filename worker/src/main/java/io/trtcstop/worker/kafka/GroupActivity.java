package io.trtcstop.worker.kafka;

import io.trtcstop.worker.engine.QuotaLayout.MemberLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each member of the group has to do, from the facts every instance can read (assignments, committed and end
 * offsets of the command topic) and how they moved over the last seconds; feeds {@code QuotaLayout}.
 *
 * <ul>
 *   <li><b>Pending</b>: a partition whose committed offset was behind its end, or whose end moved, at a read of
 *       the last {@code pendingFor} (a partition with light traffic catches up at every commit; it still has work
 *       every second).</li>
 *   <li><b>Demand</b>: records arriving per second over {@link #ARRIVAL_WINDOW}, plus the mean lag drained within
 *       {@link #DRAIN_WITHIN}, rounded up to {@link #DEMAND_STEP}: 2,000 records behind is "all it gets", a
 *       partition with one record a second about one call a second.</li>
 *   <li><b>Silent</b>: a member with pending work whose committed offsets have not moved for {@code silentAfter},
 *       although it has had {@code grace} to start (its share grows {@code SETTLE} late). A crashed static member
 *       stays in the group, with its partitions, until its session expires (45 s); it is silent after a few
 *       seconds, and its share goes to the others. A live member that is only slow is silent too, and is busy
 *       again (with a new grace) as soon as one of its offsets moves.</li>
 * </ul>
 *
 * Every instance reads the same facts at moments up to a refresh apart, so their views differ for about that
 * long; {@code SliceAgreement} covers that. An instance that has just started gives every member a grace from its
 * first read, so it may count as busy a member the others already count as silent (one that crashed shortly
 * before): its own slice then differs from the others' layout for the {@code grace} less the settling time
 * (2 s), at most. Waiting out the grace before using its view would close that, but costs every start 5 s at the
 * reserve; the throttle cut covers the rare overlap.
 * Not thread-safe: {@code GroupQuota} calls it from one thread at a time.
 */
final class GroupActivity {

    static final Duration ARRIVAL_WINDOW = Duration.ofSeconds(10);
    static final Duration DRAIN_WITHIN = Duration.ofSeconds(5);
    static final double DEMAND_STEP = 0.25;
    static final double MIN_DEMAND = 1.0;

    private record Sample(Instant at, long end, long lag) {
    }

    private static final class PartitionHistory {
        long committed = -1;
        Instant progressAt;
        Instant pendingAt = Instant.MIN;
        final Deque<Sample> samples = new ArrayDeque<>();
    }

    private static final class MemberHistory {
        Set<?> assigned = Set.of();
        Instant activeSince;
        Instant silentSince;
    }

    private final Duration pendingFor;
    private final Duration silentAfter;
    private final Duration grace;
    private final Map<Object, PartitionHistory> partitions = new HashMap<>();
    private final Map<String, MemberHistory> members = new HashMap<>();

    /**
     * @param pendingFor  how long a partition seen behind its end counts as pending
     * @param silentAfter how long a busy member's offsets may stand still before it counts as silent
     * @param grace       how long a member that just became busy (or got new partitions) may stay quiet
     */
    GroupActivity(Duration pendingFor, Duration silentAfter, Duration grace) {
        this.pendingFor = pendingFor;
        this.silentAfter = silentAfter;
        this.grace = grace;
    }

    /**
     * Takes one read of the facts and returns every member's load, by member id. {@code committed} and
     * {@code ends} hold the offsets of (at least) every assigned partition; a partition never committed is at 0.
     */
    <P> TreeMap<String, MemberLoad> update(Instant now, Map<String, Set<P>> assignments, Map<P, Long> committed,
                                           Map<P, Long> ends) {
        Map<Object, PartitionHistory> seen = new HashMap<>();
        assignments.values().forEach(set -> set.forEach(p -> seen.put(p, observe(now, p, committed, ends))));
        partitions.keySet().retainAll(seen.keySet());
        members.keySet().retainAll(assignments.keySet());

        TreeMap<String, MemberLoad> loads = new TreeMap<>();
        assignments.forEach((member, assigned) -> {
            boolean pending = false;
            Instant lastProgress = Instant.MIN;
            double demand = 0;
            for (P p : assigned) {
                PartitionHistory h = seen.get(p);
                pending |= !h.pendingAt.isBefore(now.minus(pendingFor));
                lastProgress = h.progressAt.isAfter(lastProgress) ? h.progressAt : lastProgress;
                demand += demandOf(h);
            }
            boolean busy = pending && !silent(now, member, assigned, pending, lastProgress);
            double rounded = Math.max(MIN_DEMAND, Math.ceil(demand / DEMAND_STEP - 1e-9) * DEMAND_STEP);
            loads.put(member, new MemberLoad(assigned.size(), busy, busy ? rounded : 0));
        });
        return loads;
    }

    private <P> PartitionHistory observe(Instant now, P p, Map<P, Long> committed, Map<P, Long> ends) {
        PartitionHistory h = partitions.computeIfAbsent(p, k -> new PartitionHistory());
        long c = committed.getOrDefault(p, 0L);
        long end = ends.getOrDefault(p, c);
        if (c > h.committed) {
            h.committed = c;
            h.progressAt = now; // the first sighting counts as progress: the member's grace covers what we missed
        }
        if (c < end || (!h.samples.isEmpty() && end > h.samples.getLast().end())) {
            h.pendingAt = now; // behind, or records arrived since the last read (light traffic, done at once)
        }
        h.samples.addLast(new Sample(now, end, Math.max(0, end - c)));
        // Keep the newest sample at or before the window's start, so the window's span is a whole window.
        while (h.samples.size() > 1 && !h.samples.stream().skip(1).findFirst().orElseThrow().at()
                .isAfter(now.minus(ARRIVAL_WINDOW))) {
            h.samples.removeFirst();
        }
        return h;
    }

    private static double demandOf(PartitionHistory h) {
        Sample first = h.samples.getFirst();
        Sample last = h.samples.getLast();
        double span = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
        double arrivals = span < 1 ? 0 : (last.end() - first.end()) / span;
        double meanLag = h.samples.stream().mapToLong(Sample::lag).average().orElse(0);
        return arrivals + meanLag / (DRAIN_WITHIN.toMillis() / 1000.0);
    }

    /** Whether {@code member} counts as silent now; keeps its grace and silence in step with its work. */
    private boolean silent(Instant now, String member, Set<?> assigned, boolean pending, Instant lastProgress) {
        MemberHistory m = members.computeIfAbsent(member, k -> new MemberHistory());
        if (!pending) {
            m.activeSince = null; // the grace starts again with the next pending work
            m.silentSince = null;
            return false;
        }
        if (!assigned.equals(m.assigned) || m.activeSince == null) {
            m.assigned = Set.copyOf(assigned);
            m.activeSince = now;
            m.silentSince = null;
        }
        if (m.silentSince != null && lastProgress.isAfter(m.silentSince)) {
            m.silentSince = null; // it moved: busy again, with a new grace
            m.activeSince = now;
        }
        if (m.silentSince == null && !now.isBefore(m.activeSince.plus(grace))
                && !now.isBefore(lastProgress.plus(silentAfter))) {
            m.silentSince = now;
        }
        return m.silentSince != null;
    }
}
