package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {

    private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);
    private static final TopicPartition P0 = new TopicPartition("transcription.stop", 0);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LoopMonitor loop = new LoopMonitor(WorkerMetrics.inMemory(), clock);
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final WorkerHealth health = new WorkerHealth(loop, connected::get, clock, LOOP_TIMEOUT, STALL_TIMEOUT);

    @Test
    void aTurningLoopIsLiveAndReadyWhetherAssignedOrWaiting() {
        loop.turn(0, 0);
        assertThat(health.live().healthy()).isTrue();
        WorkerHealth.Report waiting = health.ready();
        assertThat(waiting.healthy()).as(waiting.problems().toString()).isTrue();
        assertThat(waiting.details()).containsEntry("assignedPartitions", 0);
        assertThat(waiting.details().get("assignment")).asString().isEqualTo("waiting for an assignment: joining the group");
        loop.assignmentWaiting("the group gave this instance no partition at generation 7");
        assertThat(health.ready().details().get("assignment")).asString()
                .isEqualTo("waiting for an assignment: the group gave this instance no partition at generation 7");

        loop.partition(P0, 10, 3);
        loop.turn(3, 2);
        WorkerHealth.Report assigned = health.ready();
        assertThat(assigned.healthy()).isTrue();
        assertThat(assigned.details()).containsEntry("assignment", "assigned").containsEntry("bufferedRecords", 3)
                .containsEntry("inFlight", 2);
    }

    @Test
    void beforeTheLoopStartsItIsLiveForAWhileButNotReady() {
        assertThat(health.live().healthy()).isTrue();
        assertThat(health.ready().problems()).anySatisfy(p -> assertThat(p).contains("has not started"));

        clock.advance(LOOP_TIMEOUT.plusSeconds(1));
        assertThat(health.live().problems()).containsExactly("the Kafka loop has not started for 91 s (limit 90 s)");
    }

    @Test
    void aWedgedLoopFailsLivenessAndReadiness() {
        loop.turn(0, 0);
        clock.advance(LOOP_TIMEOUT);
        assertThat(health.live().healthy()).as("exactly at the limit").isTrue();

        clock.advance(Duration.ofSeconds(1));
        WorkerHealth.Report live = health.live();
        assertThat(live.healthy()).isFalse();
        assertThat(live.problems()).containsExactly("the Kafka loop has not turned for 91 s (limit 90 s)");
        assertThat(health.ready().healthy()).isFalse();

        loop.turn(0, 0); // it recovers by itself
        assertThat(health.live().healthy()).isTrue();
    }

    @Test
    void anApiOutageOfAnyLengthKeepsLivenessUpAndReadinessSaysWhyItWaits() {
        // Records wait behind a command that retries while the API is down: the committed offset does not move.
        loop.partition(P0, 100, 5);
        loop.turn(5, 5);
        clock.advance(STALL_TIMEOUT.minusSeconds(1));
        loop.partition(P0, 100, 7); // more records arrive behind the stuck one: still no progress
        loop.turn(7, 7);
        assertThat(health.ready().details()).containsEntry("waitingPartitions", java.util.List.of());

        for (int hour = 0; hour < 24; hour++) { // a day-long outage: the loop keeps turning, nothing commits
            clock.advance(Duration.ofHours(1));
            loop.partition(P0, 100, 7);
            loop.turn(7, 7);
            WorkerHealth.Report live = health.live();
            assertThat(live.healthy()).as("hour %d: %s", hour, live.problems()).isTrue();
        }
        WorkerHealth.Report ready = health.ready();
        assertThat(ready.healthy()).as("waiting for the API is no reason to leave the service").isTrue();
        assertThat(ready.details().get("waitingPartitions")).asList().singleElement().asString()
                .startsWith("transcription.stop-0 at offset 100 with 7 record(s) waiting since 2026-12-01T10:00:00Z");

        loop.partition(P0, 101, 6); // one commit moves it on
        loop.turn(6, 6);
        assertThat(health.ready().details()).containsEntry("waitingPartitions", java.util.List.of());
    }

    @Test
    void anIdlePartitionIsNeverStalled() {
        loop.partition(P0, 100, 0);
        clock.advance(Duration.ofHours(1));
        loop.partition(P0, 100, 0);
        loop.turn(0, 0);
        assertThat(health.live().healthy()).isTrue();
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        loop.partition(P0, 100, 5);
        clock.advance(STALL_TIMEOUT.plusSeconds(1));
        loop.forget(P0);
        loop.turn(0, 0);
        assertThat(health.live().healthy()).isTrue();
        assertThat(loop.assignedPartitions()).isZero();
    }

    @Test
    void shuttingDownIsNotReadyButStillLive() {
        loop.turn(0, 0);
        loop.stopping();
        assertThat(health.live().healthy()).isTrue();
        WorkerHealth.Report ready = health.ready();
        assertThat(ready.healthy()).isFalse();
        assertThat(ready.problems()).containsExactly("shutting down");
    }

    @Test
    void noBrokerConnectionIsNotReady() {
        loop.turn(0, 0);
        connected.set(false);
        assertThat(health.ready().problems()).containsExactly("no connection to a Kafka broker");
        assertThat(health.ready().details()).containsEntry("kafkaConnected", false);
        assertThat(health.live().healthy()).as("a broker outage is not cured by a restart").isTrue();
    }
}
