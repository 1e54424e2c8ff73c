package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.engine.ChangeVisibility;
import io.trtcstop.worker.engine.QuotaLayout;
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
import org.junit.jupiter.api.Test;

/**
 * Issue 17, items 1 and 4 together: three members each turn the offsets they read, at their own moments (refresh
 * every 500 ms at phases 0/200/400 ms, reads up to 400 ms late), into loads ({@link GroupActivity}) and slices, as
 * {@code GroupQuota} does. The load moves: a backlog on a's partition with light traffic (one record a second) on
 * the other five, then c crashes with its partitions still assigned. No second's budgets may add up to more than
 * the quota, and the backlog must get what the light traffic leaves, also c's part once c is silent.
 */
class MovingLoadAgreementTest {

    private static final int QUOTA = 20;
    private static final List<String> MEMBERS = List.of("a", "b", "c");
    private static final Map<String, Set<String>> ASSIGNMENTS = Map.of(
            "a", Set.of("p0", "p1"), "b", Set.of("p2", "p3"), "c", Set.of("p4", "p5"));
    private static final long[] READ_LAG_MS = {0, 200, 400};
    private static final long[] REFRESH_PHASE_MS = {0, 200, 400};
    private static final long REFRESH_MS = GroupQuota.REFRESH_EVERY.toMillis();
    /** What GroupQuota computes for these refreshes: the slowest takes 400 ms. */
    private static final Duration VISIBILITY =
            new ChangeVisibility(GroupQuota.REFRESH_EVERY, Duration.ofMillis(400)).current();
    private static final long CRASH_MS = 30_000;
    private static final long END_MS = 50_000;

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(START);

    @Test
    void membersReadingMovingOffsetsAtDifferentMomentsNeverOverfillASecond() {
        long start = clock.instant().getEpochSecond();
        Map<String, GroupActivity> views = new HashMap<>();
        Map<String, SliceAgreement> agreements = new HashMap<>();
        Map<String, QuotaSlice> applied = new HashMap<>();
        Map<String, Map<String, QuotaSlice>> layouts = new HashMap<>();
        QuotaSlice initial = QuotaLayout.beforeTheGroupIsKnown(QUOTA);
        for (String m : MEMBERS) {
            views.put(m, new GroupActivity(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
            agreements.put(m, new SliceAgreement(initial, VISIBILITY, GroupQuota.STALE_AFTER, 0.2, clock));
            applied.put(m, initial);
        }
        Map<Long, Map<String, Integer>> budgets = new TreeMap<>();
        for (long ms = 0; ms < END_MS; ms += 100) {
            for (int i = 0; i < MEMBERS.size(); i++) {
                String m = MEMBERS.get(i);
                if (ms % REFRESH_MS == REFRESH_PHASE_MS[i]) {
                    long readAt = Math.max(0, ms - READ_LAG_MS[i]);
                    Instant now = clock.instant();
                    var loads = views.get(m).update(now, ASSIGNMENTS, committed(readAt), ends(readAt),
                            lastWrites(readAt));
                    Map<String, QuotaSlice> layout = GroupQuota.layout(QUOTA, loads,
                            layouts.getOrDefault(m, Map.of()), views.get(m), now);
                    layouts.put(m, layout);
                    QuotaSlice computed = layout.get(m);
                    applied.put(m, agreements.get(m).offer(computed));
                } else {
                    applied.put(m, agreements.get(m).current());
                }
                long second = clock.instant().getEpochSecond();
                if (!(m.equals("c") && ms >= CRASH_MS)) { // a crashed member calls no more
                    budgets.computeIfAbsent(second - start, s -> new HashMap<>())
                            .merge(m, applied.get(m).budget(second), Math::max);
                }
            }
            clock.advance(Duration.ofMillis(100));
        }
        Map<Long, Integer> total = new TreeMap<>();
        budgets.forEach((second, perMember) -> total.put(second,
                perMember.values().stream().mapToInt(Integer::intValue).sum()));
        assertThat(total.values()).as("the budgets of the members' slices per second: %s", total)
                .allSatisfy(sum -> assertThat(sum).isLessThanOrEqualTo(QUOTA));
        // The backlog gets what light traffic leaves: a's budget with b and c at about 2 calls a second each.
        assertThat(budgets.get(25L).get("a")).as("a's budget at 25 s: %s", budgets).isGreaterThanOrEqualTo(14);
        // c crashed at 30 s; within 8 s its share is a's and b's.
        assertThat(total.get(CRASH_MS / 1000 + 8)).as("a's and b's budgets 8 s after c crashed: %s", budgets)
                .isGreaterThanOrEqualTo(QUOTA - 1);
    }

    /** Every member writes an outcome every 200 ms, until c crashes; as read at {@code readAt}. */
    private static Map<String, Instant> lastWrites(long readAt) {
        Map<String, Instant> writes = new HashMap<>();
        for (String m : MEMBERS) {
            long at = m.equals("c") ? Math.min(readAt, CRASH_MS) : readAt;
            writes.put(m, START.plusMillis(at - at % 200));
        }
        return writes;
    }

    /** Records: 2,000 on p0 from the start; one a second on every other partition, numbered 1, 2, ... */
    private static Map<String, Long> ends(long ms) {
        Map<String, Long> ends = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            ends.put("p" + p, p == 0 ? 2_000L : ms / 1000);
        }
        return ends;
    }

    /** a drains p0 at 14 a second; every light record is done 300 ms after it arrived, until c crashes. */
    private static Map<String, Long> committed(long ms) {
        Map<String, Long> committed = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            long at = (p == 4 || p == 5) ? Math.min(ms, CRASH_MS) : ms;
            committed.put("p" + p, p == 0 ? Math.min(2_000L, 14 * at / 1000)
                    : (at % 1000 >= 300 ? at / 1000 : Math.max(0, at / 1000 - 1)));
        }
        return committed;
    }
}
