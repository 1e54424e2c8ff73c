package io.trtcstop.worker.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * How a group's instances split the account's calls per second, from what each member has to do; pure, so every
 * instance that knows the same facts computes the same layout, and the split is tested on its own.
 *
 * <p>Every member keeps a small {@link #RESERVE} (its part of 1% of the quota), so an idle one can start on new
 * work before the others see it. The rest goes to the busy members, max-min fair with each one's demand as its cap:
 * a member that needs less than an equal part (light traffic) gets what it needs, and the members with a backlog
 * share all that is left, so nothing a light member cannot use is lost (issue 17, item 4). Budget no busy member
 * can use (all of them light) is split among them equally rather than wasted. With nothing busy, the quota follows
 * the assigned partitions, so whoever gets the next record can call at once.
 *
 * <p>The shares, backlogs first and then in the order of the members' ids, become adjoining {@link QuotaSlice}s of
 * each second's calls.
 */
public final class QuotaLayout {

    /** The part of the quota every member keeps, busy or not. */
    public static final double RESERVE = 0.01;

    /**
     * What one member has to do, as this instance sees it.
     *
     * @param partitions how many partitions of the command topic it is assigned
     * @param busy       whether it has pending work and is making progress with it
     * @param demand     calls per second it could use (arrivals plus draining its lag); infinite for "all it gets"
     */
    public record MemberLoad(int partitions, boolean busy, double demand) {
        public MemberLoad {
            if (partitions < 0 || !(demand >= 0)) {
                throw new IllegalArgumentException("bad member load: " + partitions + " partitions, demand " + demand);
            }
        }

        public static MemberLoad idle(int partitions) {
            return new MemberLoad(partitions, false, 0);
        }

        public static MemberLoad backlogged(int partitions) {
            return new MemberLoad(partitions, true, Double.POSITIVE_INFINITY);
        }
    }

    private QuotaLayout() {
    }

    /** Each member's share of {@code quota}, in calls per second; they add up to the quota. */
    public static Map<String, Double> shares(double quota, Map<String, MemberLoad> loads) {
        Map<String, Double> shares = new HashMap<>();
        int members = Math.max(1, loads.size());
        List<String> busy = new ArrayList<>();
        loads.forEach((member, load) -> {
            if (load.busy()) {
                busy.add(member);
            }
        });
        if (busy.isEmpty()) {
            long assigned = loads.values().stream().mapToLong(MemberLoad::partitions).sum();
            loads.forEach((member, load) -> shares.put(member,
                    assigned == 0 ? quota / members : quota * load.partitions() / assigned));
            return shares;
        }
        loads.keySet().forEach(member -> shares.put(member, quota * RESERVE / members));
        // Max-min fair: the smallest demands are met first while they are below an equal part of what is left.
        busy.sort((x, y) -> Double.compare(loads.get(x).demand(), loads.get(y).demand()));
        double left = quota * (1 - RESERVE);
        int unserved = busy.size();
        for (String member : busy) {
            double fair = left / unserved;
            double given = Math.min(fair, loads.get(member).demand());
            shares.merge(member, given, Double::sum);
            left -= given;
            unserved--;
        }
        if (left > 1e-9) { // every busy member's demand is met: the rest is theirs too, rather than nobody's
            double extra = left / busy.size();
            busy.forEach(member -> shares.merge(member, extra, Double::sum));
        }
        return shares;
    }

    /** {@code me}'s slice of the layout {@link #slices} computes. */
    public static QuotaSlice sliceOf(double quota, String me, SortedMap<String, MemberLoad> loads) {
        if (!loads.containsKey(me)) {
            throw new IllegalArgumentException(me + " is not a member");
        }
        return slices(quota, loads).get(me);
    }

    /**
     * Every member's slice: the shares laid end to end, first the members whose demand is not met (backlogs), then
     * the others, each in the order of their ids. A backlog's slice then starts at 0 and only its end moves when
     * light traffic elsewhere changes: a slice that moves is unusable until it has settled.
     */
    public static Map<String, QuotaSlice> slices(double quota, SortedMap<String, MemberLoad> loads) {
        Map<String, Double> shares = shares(quota, loads);
        int slots = slots(quota);
        double scale = scale(quota);
        double reserve = quota * RESERVE / Math.max(1, loads.size());
        List<String> order = new ArrayList<>(loads.keySet());
        order.sort(java.util.Comparator.comparing((String m) -> {
            MemberLoad load = loads.get(m);
            return load.busy() && load.demand() > shares.get(m) - reserve + 1e-9 ? 0 : 1;
        }).thenComparing(m -> m));
        double from = 0;
        Map<String, QuotaSlice> slices = new java.util.LinkedHashMap<>();
        for (String member : order) {
            double length = shares.get(member) * scale;
            slices.put(member, new QuotaSlice(slots, Math.min(from, slots), Math.min(from + length, slots)));
            from += length;
        }
        return slices;
    }

    /** A slice for an instance that does not know the group yet: the reserve of a lone member, from the start. */
    public static QuotaSlice beforeTheGroupIsKnown(double quota) {
        return new QuotaSlice(slots(quota), 0, quota * RESERVE * scale(quota));
    }

    /** Whole calls per second: a fractional quota above 1 is rounded down (the API counts whole calls). */
    private static int slots(double quota) {
        return (int) Math.max(1, Math.floor(quota));
    }

    private static double scale(double quota) {
        return quota >= 1 ? slots(quota) / quota : 1.0;
    }
}
