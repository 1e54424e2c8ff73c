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
 * offsets of the command topic, when each member last wrote an outcome) and how they moved over the last seconds;
 * feeds {@code QuotaLayout}.
 *
 * <ul>
 *   <li><b>Pending</b>: a partition whose committed offset is behind its end, or whose end moved at a read of
 *       the last {@code pendingFor} (a partition with light traffic catches up at every commit; it still has work
 *       every second). A backlog that is done and gets nothing new stops counting at the first read that sees it
 *       caught up, so its share goes to the others at once.</li>
 *   <li><b>Demand</b>: records arriving per second over {@link #ARRIVAL_WINDOW}, plus the mean lag beyond a
 *       second of arrivals drained within {@link #DRAIN_WITHIN}, rounded up to {@link #DEMAND_STEP}: 2,000 records
 *       behind is "all it gets", a partition with one record a second one call a second.</li>
 *   <li><b>Silent</b>: a member with pending work that has written no outcome for {@code silentAfter}
 *       ({@link OutcomeWriters}),
 *       although it has had {@code grace} to start (its share grows {@code SETTLE} late) since it got work or its
 *       slice last shrank or moved ({@link #sliceShrank}). A crashed static member
 *       stays in the group, with its partitions, until its session expires (45 s); it is silent after a few
 *       seconds, and its share goes to the others. A live member that is only slow is silent too, and is busy
 *       again (with a new grace) as soon as it writes.</li>
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
        Instant arrivedAt = Instant.MIN;
        boolean behind;
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
     * @param pendingFor  how long a partition that received records counts as pending
     * @param silentAfter how long a busy member may write no outcome before it counts as silent
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
                                           Map<P, Long> ends, Map<String, Instant> lastWrites) {
        Map<Object, PartitionHistory> seen = new HashMap<>();
        assignments.values().forEach(set -> set.forEach(p -> seen.put(p, observe(now, p, committed, ends))));
        partitions.keySet().retainAll(seen.keySet());
        members.keySet().retainAll(assignments.keySet());

        TreeMap<String, MemberLoad> loads = new TreeMap<>();
        assignments.forEach((member, assigned) -> {
            boolean pending = false;
            double demand = 0;
            for (P p : assigned) {
                PartitionHistory h = seen.get(p);
                pending |= h.behind || !h.arrivedAt.isBefore(now.minus(pendingFor));
                demand += demandOf(h);
            }
            boolean busy = pending && !silent(now, member, assigned, pending, lastWrites.get(member));
            double rounded = Math.max(MIN_DEMAND, Math.ceil(demand / DEMAND_STEP - 1e-9) * DEMAND_STEP);
            loads.put(member, new MemberLoad(assigned.size(), busy, busy ? rounded : 0));
        });
        return loads;
    }

    private <P> PartitionHistory observe(Instant now, P p, Map<P, Long> committed, Map<P, Long> ends) {
        PartitionHistory h = partitions.computeIfAbsent(p, k -> new PartitionHistory());
        long c = committed.getOrDefault(p, 0L);
        long end = ends.getOrDefault(p, c);
        h.behind = c < end;
        if (!h.samples.isEmpty() && end > h.samples.getLast().end()) {
            h.arrivedAt = now; // records arrived since the last read (light traffic may be done by the next read)
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
        // A second of arrivals is always in the lag (read, waiting for the calling window, being called,
        // committed): only lag beyond that asks for more than the arrivals.
        double backlog = Math.max(0, meanLag - arrivals);
        return arrivals + backlog / (DRAIN_WITHIN.toMillis() / 1000.0);
    }

    /**
     * {@code member}'s slice no longer holds all of what it held: for the settling time it may call less than its
     * share (down to nothing, when its slice moved), so its silence says nothing until a new grace has passed.
     * A silent member's own shrinking does not count.
     */
    void sliceShrank(String member, Instant now) {
        MemberHistory m = members.get(member);
        if (m != null && m.activeSince != null && m.silentSince == null) {
            m.activeSince = now;
        }
    }

    /**
     * Whether {@code member} counts as silent now; keeps its grace and silence in step with its work. A member whose
     * writes are unknown ({@code lastWrite} null: never wrote, or the writes cannot be read) is never silent.
     */
    private boolean silent(Instant now, String member, Set<?> assigned, boolean pending, Instant lastWrite) {
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
        if (lastWrite == null) {
            m.silentSince = null;
            return false;
        }
        if (m.silentSince != null && lastWrite.isAfter(m.silentSince)) {
            m.silentSince = null; // it wrote: busy again, with a new grace
            m.activeSince = now;
        }
        if (m.silentSince == null && !now.isBefore(m.activeSince.plus(grace))
                && !now.isBefore(lastWrite.plus(silentAfter))) {
            m.silentSince = now;
        }
        return m.silentSince != null;
    }
}
