package io.trtcstop.worker.kafka;

import io.trtcstop.worker.outcome.DeadLetterHeaders;
import io.trtcstop.worker.outcome.OutcomeRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the transactional producer: one transaction carries the finished prefix of every partition, its outcomes
 * and dead letters, and the consumer offsets up to the first unfinished record, with the finished records above
 * it in the offset metadata ({@link FinishedAbove}); {@code sendOffsetsToTransaction} carries the consumer's group
 * metadata, so a zombie of an older group generation is fenced (KIP-447).
 *
 * <p>Every producer exception is handled as the 4.x client contract says ({@link KafkaFailure}): a timed-out
 * sendOffsets, commit or abort is retried as the same call for up to a minute (a coordinator failover on a
 * replicated cluster takes seconds, a frozen node up to a request timeout); a sendOffsets that still times out aborts
 * the transaction (its result is unknown, so the transaction must not commit); an abortable failure aborts, keeps the content in the ledgers and
 * tries again after a growing pause (so a refused dead letter or a missing ACL never spins); a dead letter refused
 * as too large is rewritten without its value; fencing and fatal errors stop the loop. Called on the poll thread only.
 */
final class OutcomeTransactions {

    /** What one {@link #commit} call committed, for the caller's bookkeeping. */
    record Committed(List<PartitionLedger.Committable> parts) {
        /** Outcomes this commit made visible: one per record whose outputs it carried. */
        int outcomes() {
            return parts.stream().mapToInt(PartitionLedger.Committable::outcomes).sum();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OutcomeTransactions.class);
    private static final int SAME_CALL_RETRIES = 5;
    /**
     * How long a timed-out call is retried as the same call (at least {@link #SAME_CALL_RETRIES} times): longer than a
     * coordinator moving after a node's crash (seconds) and than the client's 30 s request timeout on a frozen node,
     * however small an operator makes {@code max.block.ms}.
     */
    static final Duration SAME_CALL_PATIENCE = Duration.ofSeconds(60);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final Consumer<byte[], byte[]> consumer;
    private final OutcomeRecords outcomes;
    private final String instanceId;
    private final Clock clock;
    private Instant nextTryAt = Instant.MIN;
    private Duration pause = Duration.ZERO;
    private int failuresInARow;

    OutcomeTransactions(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer,
                        OutcomeRecords outcomes, String instanceId, Clock clock) {
        this.producer = producer;
        this.consumer = consumer;
        this.outcomes = outcomes;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    void init() {
        try {
            retrySameCall("initTransactions", producer::initTransactions);
        } catch (RuntimeException e) {
            throw stop("initTransactions", e);
        }
    }

    /** False while pausing after a failed transaction. */
    boolean ready() {
        return !clock.instant().isBefore(nextTryAt);
    }

    /** Consecutive failed transactions (0 when the last one committed): for liveness. */
    int failuresInARow() {
        return failuresInARow;
    }

    /**
     * Commits the finished prefix of {@code ledgers} in one transaction. Returns what was committed, or an empty
     * result when there was nothing to commit or the transaction was aborted (its content stays in the ledgers).
     */
    Committed commit(Collection<PartitionLedger> ledgers) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<PartitionLedger.Committable> parts = new ArrayList<>();
        Map<PartitionLedger.Committable, PartitionLedger> owners = new IdentityHashMap<>();
        for (PartitionLedger ledger : ledgers) {
            PartitionLedger.Committable c = ledger.committable();
            if (c != null) {
                parts.add(c);
                owners.put(c, ledger);
                long offset = offsetToCommit(c);
                offsets.put(c.partition(), new OffsetAndMetadata(offset, FinishedAbove.encode(offset, c.finishedAbove())));
                outputs.addAll(c.outputs());
            }
        }
        if (parts.isEmpty()) {
            return new Committed(List.of());
        }
        Set<ProducerRecord<byte[], byte[]>> tooLarge = ConcurrentHashMap.newKeySet();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output, (metadata, e) -> {
                    if (e instanceof RecordTooLargeException) {
                        tooLarge.add(output);
                    }
                });
            }
            sendOffsets(offsets);
            retrySameCall("commitTransaction", producer::commitTransaction);
        } catch (OffsetsNotSent e) {
            abort(offsets.keySet(), e.timeout, tooLarge, ledgers);
            return new Committed(List.of());
        } catch (RuntimeException e) {
            KafkaFailure failure = KafkaFailure.of(e);
            if (failure != KafkaFailure.ABORT_AND_RETRY) {
                throw stop("the transaction", e);
            }
            abort(offsets.keySet(), e, tooLarge, ledgers);
            return new Committed(List.of());
        }
        failuresInARow = 0;
        pause = Duration.ZERO;
        parts.forEach(c -> owners.get(c).committed(c));
        return new Committed(parts);
    }

    /**
     * Past the last finished record; when the whole ledger is committed, the consumer's position instead, which
     * also skips transaction markers of command producers that write transactionally (else the group's lag would
     * stay at 1 for ever and mislead lag-based autoscaling).
     */
    private long offsetToCommit(PartitionLedger.Committable c) {
        if (c.wholeLedger()) {
            try {
                return Math.max(c.nextOffset(), consumer.position(c.partition(), Duration.ZERO));
            } catch (RuntimeException e) {
                return c.nextOffset(); // position unknown without a round trip: the safe value will do
            }
        }
        return c.nextOffset();
    }

    private void abort(Set<TopicPartition> partitions, RuntimeException cause,
                       Set<ProducerRecord<byte[], byte[]>> tooLarge, Collection<PartitionLedger> ledgers) {
        try {
            retrySameCall("abortTransaction", producer::abortTransaction);
        } catch (RuntimeException e) {
            throw stop("abortTransaction", e);
        }
        failuresInARow++;
        pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), MAX_PAUSE);
        nextTryAt = clock.instant().plus(pause);
        if (!tooLarge.isEmpty()) {
            log.warn("{} dead letter(s) refused as too large by the broker: writing them again without the value "
                    + "(header {} says so)", tooLarge.size(), DeadLetterHeaders.VALUE_OMITTED);
            for (PartitionLedger ledger : ledgers) {
                ledger.rewriteOutputs(r -> tooLarge.contains(r) ? outcomes.withoutValue(r) : r);
            }
        }
        log.warn("transaction for {} aborted ({} in a row), trying again in {} ms: {}", partitions, failuresInARow,
                pause.toMillis(), cause.toString());
    }

    /**
     * {@code sendOffsetsToTransaction}, retried as the same call while it times out (each retry queues the same offsets
     * again, which the group coordinator takes as often as it gets them). If it still times out, whether the offsets
     * reached the transaction is unknown, so the transaction must not commit: {@link OffsetsNotSent} makes the caller
     * abort it and try its content again later, instead of ending the worker.
     */
    private void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            retrySameCall("sendOffsetsToTransaction", () -> producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata()));
        } catch (RuntimeException e) {
            if (KafkaFailure.of(e) == KafkaFailure.RETRY_SAME_CALL) {
                throw new OffsetsNotSent(e);
            }
            throw e;
        }
    }

    /** A sendOffsetsToTransaction that kept timing out; {@link #timeout} is its last TimeoutException. */
    private static final class OffsetsNotSent extends RuntimeException {
        final RuntimeException timeout;

        OffsetsNotSent(RuntimeException timeout) {
            super(timeout.getMessage(), timeout, false, false);
            this.timeout = timeout;
        }
    }

    /** Runs {@code call} again while it times out, for {@link #SAME_CALL_PATIENCE} and at least 5 attempts. */
    private void retrySameCall(String name, Runnable call) {
        Instant giveUpAt = clock.instant().plus(SAME_CALL_PATIENCE);
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                if (KafkaFailure.of(e) != KafkaFailure.RETRY_SAME_CALL
                        || (attempt >= SAME_CALL_RETRIES && !clock.instant().isBefore(giveUpAt))) {
                    throw e;
                }
                log.warn("{} timed out (attempt {}), retrying the same call for up to {} s in all: {}", name, attempt,
                        SAME_CALL_PATIENCE.toSeconds(), e.toString());
            }
        }
    }

    private KafkaFailure.Stop stop(String what, RuntimeException e) {
        KafkaFailure failure = KafkaFailure.of(e);
        if (failure == KafkaFailure.FENCED) {
            return new KafkaFailure.Stop("fenced: another producer took transactional.id over from " + instanceId
                    + " (another live instance with this WORKER_INSTANCE_ID, or, for a dynamic member dropped from the"
                    + " group, a member that aborted its open transaction)", e, true);
        }
        if (failure == KafkaFailure.RETRY_SAME_CALL) {
            return new KafkaFailure.Stop(what + " kept timing out for " + SAME_CALL_PATIENCE.toSeconds()
                    + " s; Kafka is unreachable or unhealthy", e, false);
        }
        return new KafkaFailure.Stop(what + " failed and the producer cannot go on: " + e, e, false);
    }

    void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
