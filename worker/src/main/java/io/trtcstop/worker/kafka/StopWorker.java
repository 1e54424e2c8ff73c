package io.trtcstop.worker.kafka;

import io.trtcstop.worker.command.CommandDecoder;
import io.trtcstop.worker.command.DecodedCommand;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.DrainSignal;
import io.trtcstop.worker.engine.FailureKind;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.engine.StopResult;
import io.trtcstop.worker.engine.TaskLanes;
import io.trtcstop.worker.observability.CommandLogContext;
import io.trtcstop.worker.observability.LoopMonitor;
import io.trtcstop.worker.outcome.OutcomeRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The worker's Kafka side. One thread (the one calling {@link #run()}) owns the consumer and the transactional
 * producer; each valid command runs on a virtual thread and hands its result back through a queue. Outcomes and
 * dead letters are written in transactions that also commit the consumer offsets, up to the highest offset below
 * which every record of the partition is finished.
 */
public final class StopWorker implements Runnable {

    /** Tuning of the loop; see the README's configuration table. */
    public record Settings(String stopTopic, int maxInFlight, int maxBufferedRecords, Duration commitInterval,
                           int commitMaxRecords, Duration shutdownGrace) {
        public Settings {
            if (maxInFlight < 1 || maxBufferedRecords < 1 || commitMaxRecords < 1) {
                throw new IllegalArgumentException("maxInFlight, maxBufferedRecords and commitMaxRecords must be >= 1");
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StopWorker.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(5);

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

    private final Settings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final CommandDecoder decoder;
    private final StopAttempts attempts;
    private final RecentlyStopped recentlyStopped;
    private final OutcomeRecords outcomes;
    private final DrainSignal drain;
    private final Clock clock;
    private final LoopMonitor monitor;

    private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
    private final TaskLanes<Work> lanes = new TaskLanes<>();
    private final Set<Work> running = new HashSet<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final Semaphore callSlots;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong outcomesCommitted = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile boolean assigned;
    private volatile Throwable failure;
    private Instant lastCommit;
    private int finishedSinceCommit;

    public StopWorker(Settings settings, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                      CommandDecoder decoder, StopAttempts attempts, RecentlyStopped recentlyStopped,
                      OutcomeRecords outcomes, DrainSignal drain, Clock clock, LoopMonitor monitor) {
        this.settings = settings;
        this.consumer = consumer;
        this.producer = producer;
        this.decoder = decoder;
        this.attempts = attempts;
        this.recentlyStopped = recentlyStopped;
        this.outcomes = outcomes;
        this.drain = drain;
        this.clock = clock;
        this.monitor = monitor;
        this.callSlots = new Semaphore(settings.maxInFlight(), true);
    }

    /** Asks the loop to stop gracefully; returns at once. Safe from any thread, including a signal handler. */
    public void stop() {
        if (!stopRequested) {
            stopRequested = true;
            monitor.stopping();
            consumer.wakeup();
        }
    }

    /** Waits until {@link #run()} has returned. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the group has given this instance partitions at least once (for readiness). */
    public boolean hasBeenAssigned() {
        return assigned;
    }

    /** Why {@link #run()} ended abnormally, or null after a clean stop (or while running). */
    public Throwable failure() {
        return failure;
    }

    public long outcomesCommitted() {
        return outcomesCommitted.get();
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            lastCommit = clock.instant();
            consumer.subscribe(List.of(settings.stopTopic()), new Rebalance());
            while (!stopRequested) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(running.isEmpty() && finishedSinceCommit == 0 ? IDLE_POLL : BUSY_POLL);
                } catch (WakeupException e) {
                    continue; // stop() was called; the loop condition says what to do
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record);
                }
                collectResults();
                commitIfDue(false);
                applyBackpressure();
            }
            drainForShutdown();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionLedger ledger = ledgers.get(tp);
        if (ledger == null) {
            // Records only come for assigned partitions, and assignment creates the ledger.
            throw new IllegalStateException("record from unassigned partition " + tp);
        }
        PartitionLedger.Entry entry = ledger.track(record.offset());
        Instant receivedAt = clock.instant();
        switch (decoder.decode(record.value())) {
            case DecodedCommand.Invalid invalid -> {
                try (var context = CommandLogContext.of(record, null)) {
                    log.warn("invalid command at {}-{}@{}: {} ({})", record.topic(), record.partition(),
                            record.offset(), invalid.code(), invalid.message());
                }
                monitor.invalid(record, invalid.code());
                finish(ledger, entry, outcomes.invalid(record, receivedAt, clock.instant(), invalid));
            }
            case DecodedCommand.Valid valid -> {
                Work work = new Work(record, receivedAt, ledger, entry, valid.command());
                if (lanes.admit(valid.command().taskId(), work)) {
                    start(work);
                }
            }
        }
    }

    /** Starts {@code first}, or answers it from the dedup memory and moves on to the next in its lane. */
    private void start(Work first) {
        Work work = first;
        while (work != null) {
            if (!recentlyStopped.contains(work.command.dedupKey())) {
                launch(work);
                return;
            }
            record(work, new StopResult.AlreadyStopped(null, StopResult.Attempts.NONE, true));
            work = lanes.finished(work.command.taskId()).orElse(null);
        }
    }

    private void launch(Work work) {
        running.add(work);
        work.thread = Thread.ofVirtual().name("stop-" + work.command.taskId()).start(() -> {
            StopResult result;
            try (var context = CommandLogContext.of(work.record, work.command)) {
                callSlots.acquire();
                try {
                    result = attempts.run(work.command);
                } finally {
                    callSlots.release();
                }
            } catch (InterruptedException e) {
                result = new StopResult.Abandoned("interrupted while waiting for a call slot");
            } catch (RuntimeException e) {
                // A bug must not stall the partition: park the command where an operator can replay it.
                log.error("unexpected failure stopping task {}", work.command.taskId(), e);
                result = new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR, "Worker.UnexpectedError",
                        e.toString(), null, StopResult.Attempts.NONE);
            }
            done.add(new Done(work, result));
        });
    }

    private void collectResults() {
        Done d;
        while ((d = done.poll()) != null) {
            running.remove(d.work);
            record(d.work, d.result);
            lanes.finished(d.work.command.taskId()).ifPresent(this::start);
        }
    }

    private void record(Work work, StopResult result) {
        if (result instanceof StopResult.Stopped || result instanceof StopResult.AlreadyStopped) {
            recentlyStopped.remember(work.command.dedupKey());
        }
        if (result instanceof StopResult.Abandoned abandoned) {
            try (var context = CommandLogContext.of(work.record, work.command)) {
                log.info("task {} at {}@{} abandoned: {}", work.command.taskId(), work.ledger.partition(),
                        work.record.offset(), abandoned.reason());
            }
            return;
        }
        if (!work.ledger.active()) {
            return; // the partition moved on without us; its next owner writes the outcome
        }
        List<ProducerRecord<byte[], byte[]>> out =
                outcomes.finished(work.record, work.receivedAt, clock.instant(), work.command, result);
        monitor.finished(work.record, result);
        // One line per command only at DEBUG (it costs the loop thread ~20 us in JSON; see README, Operations);
        // a dead letter is rare and needs action, so it is always told.
        Level level = result instanceof StopResult.GaveUp ? Level.WARN : Level.DEBUG;
        if (log.isEnabledForLevel(level)) {
            try (var context = CommandLogContext.of(work.record, work.command)) {
                log.atLevel(level).log("task {} at {}@{}: {}", work.command.taskId(), work.ledger.partition(),
                        work.record.offset(), describe(result));
            }
        }
        finish(work.ledger, work.entry, out);
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

    private void finish(PartitionLedger ledger, PartitionLedger.Entry entry, List<ProducerRecord<byte[], byte[]>> out) {
        ledger.finish(entry, out);
        finishedSinceCommit++;
    }

    private void commitIfDue(boolean force) {
        if (finishedSinceCommit == 0) {
            return;
        }
        boolean due = force || finishedSinceCommit >= settings.commitMaxRecords()
                || !clock.instant().isBefore(lastCommit.plus(settings.commitInterval()));
        if (due) {
            commit();
        }
    }

    /** One transaction: every finished prefix's outputs plus the offsets just past them. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<PartitionLedger.Committable> parts = new ArrayList<>();
        for (PartitionLedger ledger : ledgers.values()) {
            PartitionLedger.Committable c = ledger.takeCommittable();
            if (c != null) {
                parts.add(c);
                offsets.put(c.partition(), new OffsetAndMetadata(c.nextOffset()));
                outputs.addAll(c.outputs());
            }
        }
        lastCommit = clock.instant();
        finishedSinceCommit = 0;
        if (offsets.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output);
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            log.warn("transaction for {} failed, aborting and re-reading those partitions: {}", offsets.keySet(),
                    e.toString());
            // If the abort fails too the producer is unusable (fenced or fatal): let it propagate and end the loop.
            producer.abortTransaction();
            rewind(offsets.keySet());
            return;
        }
        for (PartitionLedger.Committable c : parts) {
            ledgers.get(c.partition()).committed(c.nextOffset());
            monitor.committed(c.partition(), c.nextOffset());
            outcomesCommitted.addAndGet(c.records()); // one outcome per committed record
        }
    }

    /** After an aborted transaction: forget what was read since the last commit and read it again. */
    private void rewind(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionLedger old = ledgers.get(tp);
            if (old == null) {
                continue;
            }
            retire(old);
            ledgers.put(tp, new PartitionLedger(tp, old.committedOffset()));
            consumer.seek(tp, old.committedOffset());
        }
    }

    private void retire(PartitionLedger ledger) {
        ledger.retire();
        monitor.forget(ledger.partition());
        lanes.dropWaiting(w -> w.ledger == ledger);
        for (Work work : running) {
            if (work.ledger == ledger) {
                work.thread.interrupt(); // stop retrying; the partition's next reader redoes the call
            }
        }
    }

    private void applyBackpressure() {
        int buffered = 0;
        for (PartitionLedger ledger : ledgers.values()) {
            buffered += ledger.uncommittedCount();
            monitor.partition(ledger.partition(), ledger.committedOffset(), ledger.uncommittedCount());
        }
        monitor.turn(buffered, running.size());
        Set<TopicPartition> assignment = consumer.assignment();
        if (buffered >= settings.maxBufferedRecords()) {
            consumer.pause(assignment);
        } else if (buffered < settings.maxBufferedRecords() / 2 && !consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private int buffered() {
        return ledgers.values().stream().mapToInt(PartitionLedger::uncommittedCount).sum();
    }

    private void drainForShutdown() {
        // Commands waiting for a call slot, the rate limiter or a backoff give up now; calls on the wire finish.
        drain.raise();
        log.info("stopping: no more fetching or new API calls; waiting up to {} for calls in flight",
                settings.shutdownGrace());
        Instant deadline = clock.instant().plus(settings.shutdownGrace());
        consumer.pause(consumer.assignment());
        while (!running.isEmpty() && clock.instant().isBefore(deadline)) {
            pollQuietly(BUSY_POLL); // keeps the membership alive; paused partitions return nothing
            consumer.pause(consumer.assignment()); // a rebalance may have handed us new partitions
            collectResults();
            commitIfDue(false);
            monitor.turn(buffered(), running.size());
        }
        if (!running.isEmpty()) {
            log.warn("grace period over: giving up {} running command(s); their partitions' next owner redoes them",
                    running.size());
            for (Work work : running) {
                work.thread.interrupt();
            }
            Instant abandonDeadline = clock.instant().plus(ABANDON_WAIT);
            while (!running.isEmpty() && clock.instant().isBefore(abandonDeadline)) {
                pollQuietly(BUSY_POLL);
                collectResults();
            }
        }
        collectResults();
        commitIfDue(true);
    }

    private void pollQuietly(Duration timeout) {
        try {
            consumer.poll(timeout);
        } catch (WakeupException e) {
            // stop() was called again; we are already stopping
        }
    }

    private void closeClients() {
        try {
            // Leave the group at once (also as a static member) so the partitions move without waiting.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("closing the producer failed: {}", e.toString());
        }
        log.info("stopped; {} outcome(s) committed by this instance", outcomesCommitted.get());
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Commit what is finished while the partitions are still ours; the rest is redone by the next owner.
            collectResults();
            commitIfDue(true);
            for (TopicPartition tp : partitions) {
                PartitionLedger ledger = ledgers.remove(tp);
                if (ledger != null) {
                    retire(ledger);
                }
            }
            log.info("partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionLedger ledger = ledgers.remove(tp);
                if (ledger != null) {
                    retire(ledger);
                }
            }
            log.warn("partitions lost (no commit possible): {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                ledgers.put(tp, new PartitionLedger(tp, consumer.position(tp)));
            }
            if (!partitions.isEmpty()) {
                assigned = true;
                log.info("partitions assigned: {}", partitions);
            }
        }
    }
}
