package io.trtcstop.worker.observability;

import io.trtcstop.worker.engine.StopResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What only the Kafka loop knows, told to it in one-line calls: that it is turning, how much it holds, which
 * outcomes it decided and which of them a transaction committed. Outcome meters count at commit, not at
 * decision, so an aborted transaction or a lost partition (whose records are done again) counts nothing twice.
 *
 * <p>The {@code finished}/{@code committed}/{@code forget} calls come from the loop thread only; the readers
 * ({@link WorkerHealth}, gauges) run on other threads and see only volatile or concurrent state.
 */
public final class LoopMonitor {

    /** A decided outcome waiting for its transaction. */
    private record Decided(String status, String deadLetterKind, String code, long recordTimestamp) {}

    /** Where a partition's committed offset stood, and since when it has not moved while records wait. */
    record Progress(long committedOffset, int uncommitted, Instant since) {}

    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Instant created;
    private final Map<TopicPartition, NavigableMap<Long, Decided>> decided = new HashMap<>();
    private final Map<TopicPartition, Progress> progress = new ConcurrentHashMap<>();
    private volatile Instant lastTurn;
    private volatile int bufferedRecords;
    private volatile int inFlight;
    private volatile boolean stopping;
    private volatile String waitingReason = "joining the group";

    public LoopMonitor(WorkerMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.created = clock.instant();
        metrics.gauge("commands.in.flight", "Commands being worked on (API call, backoff or rate-limiter wait)",
                () -> inFlight);
        metrics.gauge("buffered.records", "Command records read but not yet committed", () -> bufferedRecords);
        metrics.gauge("assigned.partitions", "Command topic partitions assigned to this instance", progress::size);
    }

    // ---- told by the loop ----

    /** One turn of the poll loop ended; {@code bufferedRecords} are read but uncommitted, {@code inFlight} running. */
    public void turn(int bufferedRecords, int inFlight) {
        this.bufferedRecords = bufferedRecords;
        this.inFlight = inFlight;
        this.lastTurn = clock.instant();
    }

    /** The state of one assigned partition at this turn (called for every assigned partition, every turn). */
    public void partition(TopicPartition partition, long committedOffset, int uncommitted) {
        Progress before = progress.get(partition);
        if (before == null || before.committedOffset() != committedOffset || uncommitted == 0
                || before.uncommitted() == 0) {
            progress.put(partition, new Progress(committedOffset, uncommitted, clock.instant()));
        } else if (before.uncommitted() != uncommitted) {
            progress.put(partition, new Progress(committedOffset, uncommitted, before.since()));
        }
    }

    /** A valid command's outcome is decided (not for {@link StopResult.Abandoned}, which has none). */
    public void finished(ConsumerRecord<?, ?> record, StopResult result) {
        Decided d = switch (result) {
            case StopResult.Stopped s -> new Decided("STOPPED", null, null, record.timestamp());
            case StopResult.AlreadyStopped a -> new Decided("ALREADY_STOPPED", null, null, record.timestamp());
            case StopResult.GaveUp g -> new Decided("DEAD_LETTERED", g.kind().name(), g.code(), record.timestamp());
            case StopResult.Abandoned a -> null;
        };
        if (d != null) {
            decide(record, d);
        }
    }

    /** An invalid command is dead-lettered with {@code code} (an {@code InvalidCommand.*} code). */
    public void invalid(ConsumerRecord<?, ?> record, String code) {
        decide(record, new Decided("DEAD_LETTERED", "INVALID_COMMAND", code, record.timestamp()));
    }

    private void decide(ConsumerRecord<?, ?> record, Decided d) {
        decided.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new TreeMap<>())
                .put(record.offset(), d);
    }

    /**
     * A transaction committed {@code partition} up to (not including) {@code nextOffset}, and the outcomes of the
     * records at {@code above} (finished while an older record still ran).
     */
    public void committed(TopicPartition partition, long nextOffset, Collection<Long> above) {
        NavigableMap<Long, Decided> pending = decided.get(partition);
        if (pending == null) {
            return;
        }
        Instant now = clock.instant();
        NavigableMap<Long, Decided> done = pending.headMap(nextOffset, false);
        done.values().forEach(d -> count(d, now));
        done.clear();
        for (Long offset : above) {
            Decided d = pending.remove(offset);
            if (d != null) {
                count(d, now);
            }
        }
    }

    private void count(Decided d, Instant now) {
        metrics.outcomeCommitted(d.status(), Duration.ofMillis(now.toEpochMilli() - d.recordTimestamp()));
        if (d.deadLetterKind() != null) {
            metrics.deadLettered(d.deadLetterKind(), d.code());
        }
    }

    /** The partition was revoked, lost or rewound: what it decided but did not commit will be done again. */
    public void forget(TopicPartition partition) {
        decided.remove(partition);
        progress.remove(partition);
    }

    /** This instance owns no partition; {@code reason} says why (for readiness). */
    public void assignmentWaiting(String reason) {
        this.waitingReason = reason;
    }

    /** This instance owns partitions again. */
    public void assignmentReceived() {
        this.waitingReason = null;
    }

    /** A graceful stop has begun. */
    public void stopping() {
        stopping = true;
    }

    // ---- read by health checks and gauges ----

    /** The end of the last loop turn, or the monitor's creation while the loop has not turned yet. */
    public Instant lastTurn() {
        Instant t = lastTurn;
        return t == null ? created : t;
    }

    public boolean started() {
        return lastTurn != null;
    }

    public boolean isStopping() {
        return stopping;
    }

    public int bufferedRecords() {
        return bufferedRecords;
    }

    public int inFlight() {
        return inFlight;
    }

    public int assignedPartitions() {
        return progress.size();
    }

    /** Why this instance has no partition ("joining the group" until its first assignment). */
    public String waitingReason() {
        String reason = waitingReason;
        return reason == null ? "no partition assigned" : reason;
    }

    /**
     * Partitions with records waiting whose committed offset has not moved for {@code limit} or longer: a command
     * retrying through an API outage, or a transaction the broker keeps refusing. Told by readiness, never by
     * liveness: a restart cures neither.
     */
    public List<String> stalledPartitions(Duration limit) {
        Instant now = clock.instant();
        List<String> stalled = new ArrayList<>();
        progress.forEach((tp, p) -> {
            if (p.uncommitted() > 0 && Duration.between(p.since(), now).compareTo(limit) >= 0) {
                stalled.add(tp + " at offset " + p.committedOffset() + " with " + p.uncommitted()
                        + " record(s) waiting since " + p.since());
            }
        });
        stalled.sort(null);
        return stalled;
    }
}
