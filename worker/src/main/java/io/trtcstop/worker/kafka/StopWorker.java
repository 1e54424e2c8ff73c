package io.trtcstop.worker.kafka;

import io.trtcstop.worker.command.CommandDecoder;
import io.trtcstop.worker.command.DecodedCommand;
import io.trtcstop.worker.engine.DrainSignal;
import io.trtcstop.worker.engine.OutageBreaker;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.observability.CommandLogContext;
import io.trtcstop.worker.observability.LoopMonitor;
import io.trtcstop.worker.outcome.OutcomeRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's poll loop. One thread (the one calling {@link #run()}) owns the consumer and, through
 * {@link OutcomeTransactions}, the transactional producer. Each turn it decodes what it fetched, hands valid
 * commands to the {@link CommandPipeline} (virtual threads), collects their results into the partitions'
 * {@link PartitionLedger}s, commits when due, and lets the {@link FetchGate} pause or resume fetching.
 */
public final class StopWorker implements Runnable {

    /** Tuning of the loop; see the README's configuration table. */
    public record Settings(String stopTopic, int maxBufferedRecords, long maxBufferedBytes, Duration commitInterval,
                           int commitMaxRecords, Duration shutdownGrace, boolean leaveGroupOnClose) {
        public Settings {
            if (maxBufferedRecords < 1 || maxBufferedBytes < 1 || commitMaxRecords < 1) {
                throw new IllegalArgumentException("buffer limits and commitMaxRecords must be >= 1");
            }
        }
    }

    /** Told of every change of this instance's assignment (on the poll thread), e.g. to share the API quota. */
    public interface AssignmentListener {
        void assignmentChanged(Set<TopicPartition> assigned, String memberId);
    }

    private static final Logger log = LoggerFactory.getLogger(StopWorker.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(5);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final Settings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final CommandDecoder decoder;
    private final StopAttempts attempts;
    private final OutageBreaker breaker;
    private final OutcomeRecords outcomes;
    private final DrainSignal drain;
    private final Clock clock;
    private final LoopMonitor monitor;
    private final AssignedPartitions partitions = new AssignedPartitions();
    private final OutcomeTransactions transactions;
    private final CommandPipeline pipeline;
    private final FetchGate gate;
    private final GroupMembership membership;
    private final IdleAssignmentWatch idleWatch;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong outcomesCommitted = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile boolean fenced;
    private Instant lastCommit;
    private int finishedSinceCommit;

    public StopWorker(Settings settings, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                      CommandDecoder decoder, StopAttempts attempts, OutageBreaker breaker,
                      RecentlyStopped recentlyStopped, OutcomeRecords outcomes, DrainSignal drain, Clock clock,
                      String instanceId, AssignmentListener assignmentListener, LoopMonitor monitor) {
        this.settings = settings;
        this.consumer = consumer;
        this.decoder = decoder;
        this.attempts = attempts;
        this.breaker = breaker;
        this.outcomes = outcomes;
        this.drain = drain;
        this.clock = clock;
        this.monitor = monitor;
        this.transactions = new OutcomeTransactions(producer, consumer, outcomes, instanceId, clock);
        this.gate = new FetchGate(consumer, partitions, breaker, settings.maxBufferedRecords(),
                settings.maxBufferedBytes());
        this.pipeline = new CommandPipeline(attempts, recentlyStopped, outcomes, clock, monitor,
                () -> finishedSinceCommit++);
        this.membership = new GroupMembership(consumer, partitions, pipeline, monitor, assignmentListener, () -> {
            pipeline.collect();
            commitIfDue(true);
        }, clock);
        this.idleWatch = new IdleAssignmentWatch(consumer, settings.stopTopic(), membership, monitor, clock);
    }

    /** Asks the loop to stop gracefully; returns at once. Safe from any thread, including a signal handler. */
    public void stop() {
        if (!stopRequested) {
            stopRequested = true;
            consumer.wakeup();
        }
    }

    /** Waits until {@link #run()} has returned. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the group has given this instance partitions at least once (for readiness). */
    public boolean hasBeenAssigned() {
        return membership.everAssigned();
    }

    /** Transactions aborted in a row (0 after a commit): a stuck output topic shows here. */
    public int failedTransactionsInARow() {
        return transactions.failuresInARow();
    }

    /** Why {@link #run()} ended abnormally, or null after a clean stop (or while running). */
    public Throwable failure() {
        return failure;
    }

    /** True when the loop ended because another live instance uses the same WORKER_INSTANCE_ID. */
    public boolean fenced() {
        return fenced;
    }

    public long outcomesCommitted() {
        return outcomesCommitted.get();
    }

    @Override
    public void run() {
        try {
            transactions.init();
            lastCommit = clock.instant();
            membership.join(settings.stopTopic(), consumer.groupMetadata().groupId(),
                    consumer.groupMetadata().groupInstanceId().isPresent());
            while (!stopRequested) {
                turn();
            }
            drainForShutdown();
        } catch (RuntimeException | Error e) {
            KafkaFailure.Stop stop = stopCause(e);
            fenced = stop != null ? stop.fenced() : KafkaFailure.of(asRuntime(e)) == KafkaFailure.FENCED;
            failure = stop != null ? stop : e;
            log.error("the poll loop stopped: {}", stop != null ? stop.getMessage() : e.toString(), e);
        } finally {
            pipeline.interruptAll();
            closeClients();
            stopped.countDown();
        }
    }

    private void turn() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pipeline.running() == 0 && finishedSinceCommit == 0 ? IDLE_POLL : BUSY_POLL);
        } catch (WakeupException e) {
            return; // stop() was called; the loop condition says what to do
        }
        // Until a partition's batch is tracked to its end, its position is not committed: should accept() throw
        // partway, the revoke on the way out commits only what was tracked, and the next owner reads the rest.
        for (TopicPartition tp : records.partitions()) {
            partitions.ledger(tp).reading();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            accept(record);
        }
        for (TopicPartition tp : records.partitions()) {
            partitions.ledger(tp).caughtUp();
        }
        pipeline.collect();
        // Batch commits while a backlog is read; once caught up, commit what finished at once instead of waiting
        // out COMMIT_INTERVAL, so an outcome is visible one transaction after its answer.
        commitIfDue(records.isEmpty() && !gate.holding());
        gate.turn();
        idleWatch.turn();
        report();
    }

    private void report() {
        for (PartitionLedger ledger : partitions.all()) {
            monitor.partition(ledger.partition(), ledger.committedThrough(), ledger.uncommittedCount());
        }
        monitor.turn(partitions.bufferedRecords(), pipeline.running());
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        PartitionLedger ledger = partitions.ledger(new TopicPartition(record.topic(), record.partition()));
        int bytes = RecordBytes.of(record);
        PartitionLedger.Entry entry = ledger.track(record.offset(), bytes);
        if (entry.alreadyCommitted()) {
            // An earlier owner finished it above its committed offset (FinishedAbove); its outcome is written.
            log.debug("{}@{} already finished by an earlier owner; skipped", ledger.partition(), record.offset());
            finishedSinceCommit++; // so the committed offset moves past it
            return;
        }
        Instant receivedAt = clock.instant();
        switch (decoder.decode(record.value())) {
            case DecodedCommand.Invalid invalid -> {
                try (var context = CommandLogContext.of(record, null)) {
                    log.warn("invalid command at {}-{}@{}: {} ({})", record.topic(), record.partition(),
                            record.offset(), invalid.code(), invalid.message());
                }
                monitor.invalid(record, invalid.code());
                ledger.finish(entry, outcomes.invalid(record, receivedAt, clock.instant(), invalid), null);
                finishedSinceCommit++;
            }
            case DecodedCommand.Valid valid -> pipeline.submit(record, receivedAt, ledger, entry, valid.command());
        }
    }

    private void commitIfDue(boolean force) {
        if (finishedSinceCommit == 0 || !transactions.ready()) {
            partitions.refreshCounts();
            return;
        }
        boolean due = force || finishedSinceCommit >= settings.commitMaxRecords()
                || !clock.instant().isBefore(lastCommit.plus(settings.commitInterval()));
        if (due) {
            lastCommit = clock.instant();
            OutcomeTransactions.Committed committed = transactions.commit(partitions.all());
            if (!committed.parts().isEmpty() || transactions.failuresInARow() == 0) {
                finishedSinceCommit = 0;
            }
            for (PartitionLedger.Committable c : committed.parts()) {
                pipeline.committed(c.stoppedKeys());
                monitor.committed(c.partition(), c.nextOffset(), c.newlyCommittedAbove());
            }
            outcomesCommitted.addAndGet(committed.outcomes());
        }
        partitions.refreshCounts();
    }

    private void drainForShutdown() {
        // Commands waiting for a call slot, the rate limiter, the breaker or a backoff give up now; calls on the
        // wire finish.
        drain.raise();
        monitor.stopping();
        log.info("stopping: no more fetching or new API calls; waiting up to {} for calls in flight",
                settings.shutdownGrace());
        Instant deadline = clock.instant().plus(settings.shutdownGrace());
        consumer.pause(consumer.assignment());
        while (pipeline.running() > 0 && clock.instant().isBefore(deadline)) {
            pollQuietly(BUSY_POLL); // keeps the membership alive; paused partitions return nothing
            consumer.pause(consumer.assignment()); // a rebalance may have handed us new partitions
            pipeline.collect();
            commitIfDue(false);
            report();
        }
        if (pipeline.running() > 0) {
            log.warn("grace period over: giving up {} running command(s); their partitions' next owner redoes them",
                    pipeline.running());
            pipeline.interruptAll();
            Instant abandonDeadline = clock.instant().plus(ABANDON_WAIT);
            while (pipeline.running() > 0 && clock.instant().isBefore(abandonDeadline)) {
                pollQuietly(BUSY_POLL);
                pipeline.collect();
            }
        }
        pipeline.collect();
        if (transactions.ready()) {
            commitIfDue(true);
        }
    }

    private void pollQuietly(Duration timeout) {
        try {
            consumer.poll(timeout);
        } catch (WakeupException e) {
            // stop() was called again; we are already stopping
        }
    }

    private void closeClients() {
        // Dynamic members leave at once so their partitions move without waiting. Static members stay by default:
        // a restarted pod with the same id takes its partitions back without a rebalance (see the README).
        CloseOptions.GroupMembershipOperation membership = settings.leaveGroupOnClose()
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                : CloseOptions.GroupMembershipOperation.DEFAULT;
        try {
            // A bounded close: by default it waits up to 30 s for every request pending at the coordinator,
            // including a JoinGroup the broker holds while the group waits for dead members' sessions to expire.
            // The LeaveGroup goes out at once; nothing of ours is lost by not waiting (outputs are committed).
            consumer.close(CloseOptions.groupMembershipOperation(membership).withTimeout(CONSUMER_CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            transactions.close();
        } catch (RuntimeException e) {
            log.warn("closing the producer failed: {}", e.toString());
        }
        log.info("stopped; {} outcome(s) committed by this instance", outcomesCommitted.get());
    }

    private static KafkaFailure.Stop stopCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaFailure.Stop stop) {
                return stop;
            }
        }
        return null;
    }

    private static RuntimeException asRuntime(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
