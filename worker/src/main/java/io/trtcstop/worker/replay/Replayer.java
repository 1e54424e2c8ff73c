package io.trtcstop.worker.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Re-publishes planned dead letters in Kafka transactions: each transaction holds the replayed records and, for
 * each, its ledger entry, so a record counts as replayed exactly when its replay is committed. A run killed at any
 * point leaves an open transaction that the next run's {@code initTransactions()} aborts; nothing half-done is ever
 * visible to read_committed readers (the worker is one).
 */
final class Replayer {

    /** Thrown out of the read loop when a stop was asked for; everything before it is committed. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped on request", null, false, false);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final ReplayLedger ledger;
    private final Pacer pacer;
    private final Progress progress;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final BooleanSupplier stopRequested;
    private final int batchRecords;
    private final long batchNanos;
    private final DeadLetterGroups replayed = new DeadLetterGroups();
    private final List<DeadLetter> pending = new ArrayList<>();
    private long transactionStart;
    private boolean inTransaction;

    Replayer(Producer<byte[], byte[]> producer, ReplayLedger ledger, Pacer pacer, Progress progress, Clock clock,
             LongSupplier nanoTime, BooleanSupplier stopRequested, int batchRecords, Duration batchTime) {
        this.producer = producer;
        this.ledger = ledger;
        this.pacer = pacer;
        this.progress = progress;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.stopRequested = stopRequested;
        this.batchRecords = batchRecords;
        this.batchNanos = batchTime.toNanos();
    }

    void replay(DeadLetter d, String target) {
        if (stopRequested.getAsBoolean()) {
            commit();
            throw new Stopped();
        }
        // Never hold a transaction open across a long pacing wait: commit what is due first.
        if (inTransaction && (pending.size() >= batchRecords
                || nanoTime.getAsLong() + pacer.waitNanos() - transactionStart >= batchNanos)) {
            commit();
        }
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commit();
            throw new Stopped();
        }
        guarded(() -> {
            if (!inTransaction) {
                producer.beginTransaction();
                inTransaction = true;
                transactionStart = nanoTime.getAsLong();
            }
            int count = d.replayCount() + 1;
            producer.send(ReplayedCommand.of(d, target));
            producer.send(ledger.entry(d, target, count, clock.instant()));
        });
        pending.add(d);
    }

    /** Commits the open transaction, if any; after it, every record passed to {@link #replay} is replayed. */
    void commit() {
        if (!inTransaction) {
            return;
        }
        guarded(producer::commitTransaction);
        inTransaction = false;
        for (DeadLetter d : pending) {
            ledger.recordReplayed(d.at());
            replayed.add(d, false);
        }
        pending.clear();
        progress.update(replayed.total());
    }

    DeadLetterGroups replayed() {
        return replayed;
    }

    /**
     * Runs a producer step; on failure aborts the open transaction where the producer still can, so that the
     * failure leaves nothing behind, and reports what happened.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new ReplayException("another replay of the same dead-letter topic started and took over (fenced):"
                    + " this run's open transaction is aborted; " + replayed.total() + " replayed before that", e);
        } catch (AuthorizationException e) {
            throw new ReplayException("not authorised: " + e.getMessage() + " (the replay needs write access to the"
                    + " target and ledger topics and to its transactional.id)", e);
        } catch (KafkaException e) {
            if (inTransaction) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException ignored) {
                    // The producer is unusable; the next run's initTransactions() aborts the transaction instead.
                }
                inTransaction = false;
                pending.clear();
            }
            throw new ReplayException("writing to Kafka failed: " + e.getMessage() + "; the open transaction is "
                    + "aborted and " + replayed.total() + " were replayed before it: run again to go on", e);
        }
    }
}
