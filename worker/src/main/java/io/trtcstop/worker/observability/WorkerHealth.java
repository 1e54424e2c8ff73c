package io.trtcstop.worker.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness, decided from what the {@link LoopMonitor} was told.
 *
 * <ul>
 *   <li><b>Live</b>: the poll loop turned within {@code loopTimeout}. Liveness means "this process is broken",
 *       the one thing a restart cures. An API outage of any length, a command retrying or Kafka being away is not
 *       broken: the loop keeps turning (it pauses fetching), and restarting every pod would only repeat calls.</li>
 *   <li><b>Ready</b>: live, the loop has started (transactions initialised), a Kafka broker is connected, and
 *       the instance is not shutting down. Having no partitions is ready (waiting for an assignment, or idle
 *       beyond the partition count); the details say why it waits ({@code assignment}), and which partitions
 *       have had records waiting without a commit for {@code stallTimeout} ({@code waitingPartitions}).</li>
 * </ul>
 */
public final class WorkerHealth {

    /** A probe's answer; {@code problems} say why it is not healthy, {@code details} what was looked at. */
    public record Report(boolean healthy, List<String> problems, Map<String, Object> details) {
        public Report {
            problems = List.copyOf(problems);
            details = Map.copyOf(details);
        }

        public String status() {
            return healthy ? "UP" : "DOWN";
        }
    }

    private final LoopMonitor loop;
    private final BooleanSupplier kafkaConnected;
    private final Clock clock;
    private final Duration loopTimeout;
    private final Duration stallTimeout;

    public WorkerHealth(LoopMonitor loop, BooleanSupplier kafkaConnected, Clock clock, Duration loopTimeout,
                        Duration stallTimeout) {
        this.loop = loop;
        this.kafkaConnected = kafkaConnected;
        this.clock = clock;
        this.loopTimeout = loopTimeout;
        this.stallTimeout = stallTimeout;
    }

    public Report live() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Instant lastTurn = loop.lastTurn();
        Duration sinceTurn = Duration.between(lastTurn, clock.instant());
        details.put("lastLoopTurn", lastTurn.toString());
        if (sinceTurn.compareTo(loopTimeout) > 0) {
            problems.add((loop.started() ? "the Kafka loop has not turned for " : "the Kafka loop has not started for ")
                    + sinceTurn.toSeconds() + " s (limit " + loopTimeout.toSeconds() + " s)");
        }
        return new Report(problems.isEmpty(), problems, details);
    }

    public Report ready() {
        Report live = live();
        List<String> problems = new ArrayList<>(live.problems());
        Map<String, Object> details = new LinkedHashMap<>(live.details());
        if (loop.isStopping()) {
            problems.add("shutting down");
        }
        if (!loop.started()) {
            problems.add("the Kafka loop has not started (connecting, initialising transactions)");
        }
        boolean connected = kafkaConnected.getAsBoolean();
        details.put("kafkaConnected", connected);
        if (!connected) {
            problems.add("no connection to a Kafka broker");
        }
        int partitions = loop.assignedPartitions();
        details.put("assignedPartitions", partitions);
        details.put("assignment", partitions > 0 ? "assigned" : "waiting for an assignment: " + loop.waitingReason());
        details.put("waitingPartitions", loop.stalledPartitions(stallTimeout));
        details.put("bufferedRecords", loop.bufferedRecords());
        details.put("inFlight", loop.inFlight());
        return new Report(problems.isEmpty(), problems, details);
    }
}
