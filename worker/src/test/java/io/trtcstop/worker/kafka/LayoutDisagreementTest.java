package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.engine.ChangeVisibility;
import io.trtcstop.worker.engine.QuotaLayout;
import io.trtcstop.worker.engine.QuotaLayout.MemberLoad;
import io.trtcstop.worker.engine.QuotaSlice;
import io.trtcstop.worker.engine.SliceAgreement;
import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 1: three members compute the layout from the group's facts, each reading them at its own moments
 * (its own refresh phase every 500 ms, its Admin reads up to 400 ms late), while the pending work moves: a backlog
 * everywhere, then on one member's partition only, then partitions with light traffic whose pending flag flips twice a
 * second. With {@link SliceAgreement} no second's budgets add up to more than the quota; using each computed slice
 * at once, as before, they do.
 */
class LayoutDisagreementTest {

    private static final int QUOTA = 20;
    private static final List<String> MEMBERS = List.of("a", "b", "c");
    private static final Map<String, Set<TopicPartition>> ASSIGNMENTS = Map.of(
            "a", Set.of(tp(0), tp(1)), "b", Set.of(tp(2), tp(3)), "c", Set.of(tp(4), tp(5)));
    private static final long[] READ_LAG_MS = {0, 200, 400};
    private static final long[] REFRESH_PHASE_MS = {0, 200, 400};
    private static final long REFRESH_MS = GroupQuota.REFRESH_EVERY.toMillis();
    /** What GroupQuota computes for these refreshes: the slowest takes 400 ms. */
    private static final Duration VISIBILITY =
            new ChangeVisibility(GroupQuota.REFRESH_EVERY, Duration.ofMillis(400)).current();

    /** What is pending at a moment (ms since start). */
    private static final LongFunction<Set<TopicPartition>> PENDING = ms -> {
        if (ms < 5_000 || ms >= 15_000) {
            return Set.of(tp(0), tp(1), tp(2), tp(3), tp(4), tp(5));
        }
        if (ms < 10_000) {
            return Set.of(tp(0));
        }
        return (ms / 500) % 2 == 0 ? Set.of(tp(0), tp(2)) : Set.of(tp(0), tp(4)); // light traffic flips
    };

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void membersThatReadTheFactsAtDifferentMomentsNeverOverfillASecond() {
        Map<Long, Integer> worst = run(true);
        assertThat(worst.values()).as("the budgets of the members' slices per second: %s", worst)
                .allSatisfy(total -> assertThat(total).isLessThanOrEqualTo(QUOTA));
        // and a backlog on one member's partition still gets nearly the whole quota once the slices settled
        assertThat(worst.get(clock.instant().getEpochSecond() - 20 + 9)).isGreaterThanOrEqualTo(QUOTA - 1);
    }

    @Test
    void usingEachComputedSliceAtOnceOverfillsSeconds() {
        Map<Long, Integer> worst = run(false);
        assertThat(worst.values().stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(QUOTA);
    }

    /** 20 s in steps of 100 ms; per second, the sum over members of the largest budget each had in it. */
    private Map<Long, Integer> run(boolean agree) {
        long start = clock.instant().getEpochSecond();
        Map<String, SliceAgreement> agreements = new HashMap<>();
        Map<String, QuotaSlice> applied = new HashMap<>();
        for (String m : MEMBERS) {
            QuotaSlice first = sliceOf(m, PENDING.apply(0));
            agreements.put(m, new SliceAgreement(first, VISIBILITY, GroupQuota.STALE_AFTER, 0.2, clock));
            applied.put(m, first);
        }
        Map<Long, Map<String, Integer>> budgets = new TreeMap<>();
        for (long ms = 0; ms < 20_000; ms += 100) {
            for (int i = 0; i < MEMBERS.size(); i++) {
                String m = MEMBERS.get(i);
                if (ms % REFRESH_MS == REFRESH_PHASE_MS[i]) {
                    QuotaSlice computed = sliceOf(m, PENDING.apply(Math.max(0, ms - READ_LAG_MS[i])));
                    applied.put(m, agree ? agreements.get(m).offer(computed) : computed);
                } else if (agree) {
                    applied.put(m, agreements.get(m).current());
                }
                long second = clock.instant().getEpochSecond();
                budgets.computeIfAbsent(second, s -> new HashMap<>())
                        .merge(m, applied.get(m).budget(second), Math::max);
            }
            clock.advance(Duration.ofMillis(100));
        }
        TreeMap<Long, Integer> worst = new TreeMap<>();
        budgets.forEach((second, perMember) -> worst.put(second,
                perMember.values().stream().mapToInt(Integer::intValue).sum()));
        assertThat(worst.firstKey()).isEqualTo(start);
        return worst;
    }

    /** The layout with every member that has pending work backlogged. */
    private static QuotaSlice sliceOf(String member, Set<TopicPartition> pending) {
        TreeMap<String, MemberLoad> loads = new TreeMap<>();
        ASSIGNMENTS.forEach((m, theirs) -> loads.put(m, theirs.stream().anyMatch(pending::contains)
                ? MemberLoad.backlogged(theirs.size()) : MemberLoad.idle(theirs.size())));
        return QuotaLayout.sliceOf(QUOTA, member, loads);
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition("stop", partition);
    }
}
