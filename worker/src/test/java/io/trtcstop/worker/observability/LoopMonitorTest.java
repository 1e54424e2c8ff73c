package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.trtcstop.worker.engine.FailureKind;
import io.trtcstop.worker.engine.StopResult;
import io.trtcstop.worker.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LoopMonitorTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("cmd", 0);
    private static final StopResult STOPPED = new StopResult.Stopped("req", new StopResult.Attempts(1, START, START));

    private final ManualClock clock = new ManualClock(START);
    private final WorkerMetrics metrics = WorkerMetrics.inMemory();
    private final MeterRegistry registry = metrics.registry();
    private final LoopMonitor monitor = new LoopMonitor(metrics, clock);

    private static ConsumerRecord<byte[], byte[]> record(long offset, Instant timestamp) {
        return new ConsumerRecord<>("cmd", 0, offset, timestamp.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0,
                null, null, new RecordHeaders(), Optional.empty());
    }

    private double commands(String status) {
        var counter = registry.find("trtc.stop.commands").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void outcomesCountWhenTheirTransactionCommitsAndOnlyUpToItsOffset() {
        monitor.finished(record(0, START), STOPPED);
        monitor.finished(record(2, START), new StopResult.AlreadyStopped("r", StopResult.Attempts.NONE, true));
        monitor.invalid(record(1, START), "InvalidCommand.Schema");
        assertThat(commands("STOPPED")).as("decided is not committed").isZero();

        clock.advance(Duration.ofMillis(1500));
        monitor.committed(P0, 2, List.of()); // offsets 0 and 1
        assertThat(commands("STOPPED")).isEqualTo(1);
        assertThat(commands("DEAD_LETTERED")).isEqualTo(1);
        assertThat(commands("ALREADY_STOPPED")).isZero();
        assertThat(registry.find("trtc.stop.dead.letters").tag("kind", "INVALID_COMMAND")
                .tag("code", "InvalidCommand.Schema").counter().count()).isEqualTo(1);
        var age = registry.find("trtc.stop.command.age").timer();
        assertThat(age.count()).isEqualTo(2);
        assertThat(age.max(TimeUnit.MILLISECONDS)).isEqualTo(1500);

        monitor.committed(P0, 3, List.of());
        assertThat(commands("ALREADY_STOPPED")).isEqualTo(1);
        monitor.committed(P0, 3, List.of());
        assertThat(registry.find("trtc.stop.command.age").timer().count()).as("nothing counts twice").isEqualTo(3);
    }

    @Test
    void anOutcomeCommittedAboveTheCommittedOffsetCountsOnceThen() {
        monitor.finished(record(2, START), STOPPED);
        monitor.committed(P0, 0, List.of(2L)); // offset 0 still running when 2 was committed
        assertThat(commands("STOPPED")).isEqualTo(1);
        monitor.finished(record(0, START), STOPPED);
        monitor.committed(P0, 3, List.of());
        assertThat(commands("STOPPED")).as("offset 0 now; offset 2 not again").isEqualTo(2);
    }

    @Test
    void whatALostPartitionDecidedButDidNotCommitIsNotCounted() {
        monitor.finished(record(0, START), new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR,
                "AuthFailure.UnauthorizedOperation", "no", "r", new StopResult.Attempts(1, START, START)));
        monitor.forget(P0);
        monitor.committed(P0, 1, List.of());
        assertThat(registry.find("trtc.stop.commands").counters()).isEmpty();

        // Redone by the partition's next reader (here: again by us), it counts once.
        monitor.finished(record(0, START), new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR,
                "AuthFailure.UnauthorizedOperation", "no", "r", new StopResult.Attempts(1, START, START)));
        monitor.committed(P0, 1, List.of());
        assertThat(commands("DEAD_LETTERED")).isEqualTo(1);
        assertThat(registry.find("trtc.stop.dead.letters").tag("kind", "PERMANENT_API_ERROR")
                .tag("code", "AuthFailure.UnauthorizedOperation").counter().count()).isEqualTo(1);
    }

    @Test
    void abandonedCommandsHaveNoOutcome() {
        monitor.finished(record(0, START), new StopResult.Abandoned("shutdown"));
        monitor.committed(P0, 1, List.of());
        assertThat(registry.find("trtc.stop.commands").counters()).isEmpty();
    }

    @Test
    void gaugesShowTheLastTurn() {
        monitor.partition(P0, 5, 3);
        monitor.turn(3, 2);
        assertThat(registry.get("trtc.stop.buffered.records").gauge().value()).isEqualTo(3);
        assertThat(registry.get("trtc.stop.commands.in.flight").gauge().value()).isEqualTo(2);
        assertThat(registry.get("trtc.stop.assigned.partitions").gauge().value()).isEqualTo(1);
    }
}
