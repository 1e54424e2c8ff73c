package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.engine.QuotaLayout;
import io.trtcstop.worker.engine.QuotaLayout.MemberLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Issue 17, item 4: what each member has to do, read from offsets that move (or do not) second by second. */
class GroupActivityTest {

    private static final Duration SILENT_AFTER = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Map<String, Set<String>> THREE = Map.of(
            "a", Set.of("p0", "p1"), "b", Set.of("p2", "p3"), "c", Set.of("p4", "p5"));

    private final GroupActivity activity = new GroupActivity(Duration.ofSeconds(2), SILENT_AFTER, GRACE);
    private final Map<String, Long> committed = new HashMap<>();
    private final Map<String, Long> ends = new HashMap<>();
    private final Map<String, Instant> lastWrites = new HashMap<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aMemberWhoseBacklogStandsStillIsSilentWithinSecondsAndItsShareGoesToTheOthers() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 1_000L)));
        TreeMap<String, MemberLoad> loads = null;
        for (int s = 0; s < 20; s++) { // all three drain their backlogs, writing outcomes as they go
            THREE.values().forEach(ps -> ps.forEach(p -> committed.merge(p, 3L, Long::sum)));
            THREE.keySet().forEach(m -> lastWrites.put(m, now.minusMillis(300)));
            loads = tick();
        }
        assertThat(loads.values()).allMatch(MemberLoad::busy);
        int crashedAt = 20;
        int silentAt = -1;
        for (int s = crashedAt; s < crashedAt + 10 && silentAt < 0; s++) { // c was SIGKILLed: it writes no more
            for (String member : Set.of("a", "b")) {
                THREE.get(member).forEach(p -> committed.merge(p, 3L, Long::sum));
                lastWrites.put(member, now.minusMillis(300));
            }
            loads = tick();
            if (!loads.get("c").busy()) {
                silentAt = s;
            }
        }
        assertThat(silentAt - crashedAt).as("seconds until the crashed member counts as silent").isBetween(1, 3);
        Map<String, Double> shares = QuotaLayout.shares(20, loads);
        assertThat(shares.get("a") + shares.get("b")).isGreaterThan(19.5);
        assertThat(loads.get("a").busy()).isTrue();
    }

    @Test
    void aMemberThatJustGotWorkHasItsGraceBeforeItCountsAsSilent() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 0L)));
        lastWrites.put("a", now.minusSeconds(60)); // it wrote its last outcome a minute ago
        tick();
        ends.put("p0", 500L); // a backlog arrives on a's partition; a's share grows only seconds later
        for (int s = 0; s < 5; s++) {
            assertThat(tick().get("a").busy()).as("second %d", s).isTrue();
        }
        tick();
        tick();
        assertThat(tick().get("a").busy()).as("quiet past its grace").isFalse();
        lastWrites.put("a", now.minusMillis(100)); // it writes: busy again at once
        assertThat(tick().get("a").busy()).isTrue();
        assertThat(tick().get("a").busy()).as("with a new grace").isTrue();
    }

    @Test
    void aMemberWhoseWritesCannotBeReadIsNeverSilent() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 1_000L)));
        for (int s = 0; s < 15; s++) {
            assertThat(tick().get("a").busy()).as("second %d", s).isTrue();
        }
    }

    @Test
    void demandFollowsArrivalsAndLag() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 0L)));
        ends.put("p0", 2_000L); // a: a backlog
        TreeMap<String, MemberLoad> loads = null;
        for (int s = 0; s < 12; s++) {
            for (String p : Set.of("p2", "p3")) { // b: one record a second on each partition, done at once
                ends.merge(p, 1L, Long::sum);
                committed.put(p, ends.get(p));
            }
            committed.merge("p0", 20L, Long::sum);
            loads = tick();
        }
        assertThat(loads.get("a").demand()).isGreaterThan(100);
        assertThat(loads.get("b").demand()).as("two records a second").isEqualTo(2.0);
        assertThat(loads.get("c").busy()).isFalse();
        assertThat(loads.get("c").demand()).isZero();
        Map<String, Double> shares = QuotaLayout.shares(20, loads);
        assertThat(shares.get("a")).as("the backlog gets what light traffic leaves").isGreaterThan(17.5);
    }

    @Test
    void aMemberWhoseSliceMovedHasANewGraceBeforeItsSilenceCounts() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 1_000L)));
        for (int s = 0; s < 10; s++) {
            THREE.values().forEach(ps -> ps.forEach(p -> committed.merge(p, 3L, Long::sum)));
            THREE.keySet().forEach(m -> lastWrites.put(m, now.minusMillis(300)));
            tick();
        }
        activity.sliceShrank("b", now); // b's slice moved: it cannot call until its new one has settled
        for (int s = 0; s < 5; s++) {
            assertThat(tick().get("b").busy()).as("second %d of b's new grace", s).isTrue();
        }
        tick();
        assertThat(tick().get("b").busy()).as("still standing after the grace").isFalse();
    }

    @Test
    void aBacklogThatIsDoneStopsCountingAtTheFirstReadThatSeesItCaughtUpButLightTrafficKeepsCounting() {
        THREE.values().forEach(ps -> ps.forEach(p -> ends.put(p, 0L)));
        ends.put("p0", 30L); // a's backlog
        for (int s = 0; s < 10; s++) {
            committed.put("p0", Math.min(30L, 3L * s + 3));
            ends.merge("p2", 1L, Long::sum); // b: one record a second, done before the next read
            committed.put("p2", ends.get("p2"));
            THREE.keySet().forEach(m -> lastWrites.put(m, now.minusMillis(300)));
            TreeMap<String, MemberLoad> loads = tick();
            assertThat(loads.get("a").busy()).as("a at read %d (committed %d of 30)", s, committed.get("p0"))
                    .isEqualTo(committed.get("p0") < 30);
            assertThat(loads.get("b").busy()).as("b at read %d", s).isEqualTo(s > 0);
            assertThat(loads.get("c").busy()).isFalse();
        }
    }

    private TreeMap<String, MemberLoad> tick() {
        TreeMap<String, MemberLoad> loads = activity.update(now, THREE, committed, ends, lastWrites);
        now = now.plusSeconds(1);
        return loads;
    }
}
