package io.trtcstop.worker.kafka;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.FailureKind;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.engine.StopResult;
import io.trtcstop.worker.engine.TaskLanes;
import io.trtcstop.worker.observability.CommandLogContext;
import io.trtcstop.worker.observability.LoopMonitor;
import io.trtcstop.worker.outcome.OutcomeRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The processing pipeline of valid commands: per-TaskId lanes (one command of a task at a time, in arrival
 * order), the dedup memory, one virtual thread per running command, and the hand-back of results to the poll
 * thread. Everything but the command threads runs on the poll thread.
 */
final class CommandPipeline {

    /** A valid command between admission and its result. */
    private static final class Work {
        final ConsumerRecord<byte[], byte[]> record;
        final Instant receivedAt;
        final PartitionLedger ledger;
        final PartitionLedger.Entry entry;
        final StopCommand command;
        Thread thread;

        Work(ConsumerRecord<byte[], byte[]> record, Instant receivedAt, PartitionLedger ledger,
             PartitionLedger.Entry entry, StopCommand command) {
            this.record = record;
            this.receivedAt = receivedAt;
            this.ledger = ledger;
            this.entry = entry;
            this.command = command;
        }
    }

    private record Done(Work work, StopResult result) {}

    private static final Logger log = LoggerFactory.getLogger(CommandPipeline.class);

    private final StopAttempts attempts;
    private final RecentlyStopped recentlyStopped;
    private final OutcomeRecords outcomes;
    private final Clock clock;
    private final LoopMonitor monitor;
    private final Runnable onFinished;
    private final TaskLanes<Work> lanes = new TaskLanes<>();
    private final Set<Work> running = new HashSet<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    /**
     * Tasks stopped whose outcome is not committed yet, with the ledger that holds it. A later command for the task
     * in the same ledger may be answered from here: it sits behind the stop in the same partition, so its outcome
     * can only be committed with or after the stop's. The dedup memory proper learns a task only at commit.
     */
    private final Map<String, PartitionLedger> stoppedUncommitted = new HashMap<>();

    CommandPipeline(StopAttempts attempts, RecentlyStopped recentlyStopped, OutcomeRecords outcomes, Clock clock,
                    LoopMonitor monitor, Runnable onFinished) {
        this.attempts = attempts;
        this.recentlyStopped = recentlyStopped;
        this.outcomes = outcomes;
        this.clock = clock;
        this.monitor = monitor;
        this.onFinished = onFinished;
    }

    void submit(ConsumerRecord<byte[], byte[]> record, Instant receivedAt, PartitionLedger ledger,
                PartitionLedger.Entry entry, StopCommand command) {
        Work work = new Work(record, receivedAt, ledger, entry, command);
        if (lanes.admit(command.taskId(), work)) {
            start(work);
        }
    }

    /** Hands finished commands' outputs to their ledgers and starts what waited behind them. */
    void collect() {
        Done d;
        while ((d = done.poll()) != null) {
            running.remove(d.work);
            record(d.work, d.result);
            lanes.finished(d.work.command.taskId()).ifPresent(this::start);
        }
    }

    /** Their outcomes are committed: from now on these tasks count as recently stopped. */
    void committed(List<String> stoppedKeys) {
        for (String key : stoppedKeys) {
            recentlyStopped.remember(key);
            stoppedUncommitted.remove(key);
        }
    }

    /** The ledger's partition is gone: waiting commands are dropped, running ones interrupted (redone elsewhere). */
    void retire(PartitionLedger ledger) {
        lanes.dropWaiting(w -> w.ledger == ledger);
        stoppedUncommitted.values().removeIf(l -> l == ledger);
        for (Work work : running) {
            if (work.ledger == ledger) {
                work.thread.interrupt();
            }
        }
    }

    void interruptAll() {
        running.forEach(w -> w.thread.interrupt());
    }

    int running() {
        return running.size();
    }

    /** Starts {@code first}, or answers it from the dedup memory and moves on to the next in its lane. */
    private void start(Work first) {
        Work work = first;
        while (work != null) {
            String key = work.command.dedupKey();
            if (!recentlyStopped.contains(key) && stoppedUncommitted.get(key) != work.ledger) {
                launch(work);
                return;
            }
            record(work, new StopResult.AlreadyStopped(null, StopResult.Attempts.NONE, true));
            work = lanes.finished(work.command.taskId()).orElse(null);
        }
    }

    private void launch(Work work) {
        running.add(work);
        work.thread = Thread.ofVirtual().name("stop-" + work.command.printableTaskId()).start(() -> {
            StopResult result = null;
            Instant began = clock.instant();
            try (var context = CommandLogContext.of(work.record, work.command)) {
                result = attempts.run(work.command);
            } catch (Throwable e) {
                // A bug (or an Error such as StackOverflowError) must not stall the partition: park the command
                // where an operator can replay it. Only the exception's type: its message may quote anything.
                log.error("unexpected failure stopping task {}", work.command.printableTaskId(), e);
                Instant now = clock.instant();
                result = new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR, "Worker.UnexpectedError",
                        "the worker failed unexpectedly (" + e.getClass().getName() + "); see its log",
                        null, new StopResult.Attempts(1, began, now));
            } finally {
                done.add(new Done(work, result)); // always: the poll loop must hear of every command it started
            }
        });
    }

    private void record(Work work, StopResult outcome) {
        StopResult result = outcome != null ? outcome : new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR,
                "Worker.UnexpectedError", "the worker failed unexpectedly; see its log", null,
                new StopResult.Attempts(1, work.receivedAt, clock.instant())); // an Error even in the handler
        if (result instanceof StopResult.Abandoned abandoned) {
            log.debug("task {} at {}@{} abandoned: {}", work.command.printableTaskId(), work.ledger.partition(),
                    work.record.offset(), abandoned.reason());
            return;
        }
        if (!work.ledger.active()) {
            return; // the partition moved on without us; its next owner writes the outcome
        }
        String stoppedKey = result instanceof StopResult.Stopped || result instanceof StopResult.AlreadyStopped
                ? work.command.dedupKey() : null;
        if (stoppedKey != null && recentlyStopped.enabled()) {
            stoppedUncommitted.put(stoppedKey, work.ledger);
        }
        work.ledger.finish(work.entry, outcomes.finished(work.record, work.receivedAt, clock.instant(),
                work.command, result), stoppedKey);
        monitor.finished(work.record, result);
        // One line per command only at DEBUG (it costs the loop thread ~20 us in JSON; see README, Operations);
        // a dead letter is rare and needs action, so it is always told.
        Level level = result instanceof StopResult.GaveUp ? Level.WARN : Level.DEBUG;
        if (log.isEnabledForLevel(level)) {
            try (var context = CommandLogContext.of(work.record, work.command)) {
                log.atLevel(level).log("task {} at {}@{}: {}", work.command.printableTaskId(), work.ledger.partition(),
                        work.record.offset(), describe(result));
            }
        }
        onFinished.run();
    }

    private static String describe(StopResult result) {
        return switch (result) {
            case StopResult.Stopped s -> "STOPPED after " + s.attempts().count() + " attempt(s)";
            case StopResult.AlreadyStopped a -> a.deduplicated() ? "ALREADY_STOPPED (deduplicated)"
                    : "ALREADY_STOPPED after " + a.attempts().count() + " attempt(s)";
            case StopResult.GaveUp g -> "DEAD_LETTERED " + g.kind() + " " + g.code() + " after "
                    + g.attempts().count() + " attempt(s)";
            case StopResult.Abandoned a -> "abandoned";
        };
    }
}
