package io.trtcstop.worker.kafka;

import io.trtcstop.worker.engine.OutageBreaker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which assigned partitions the consumer fetches from, once per loop turn. A newly assigned partition
 * stays paused until its committed offset's metadata is read ({@link FinishedAbove}: which records above it an
 * earlier owner finished already); all partitions pause while too much is buffered (resuming at half) or while
 * the API is down (the backlog waits in Kafka; the group still sees us polling). Called on the poll thread only.
 */
final class FetchGate {

    private static final Logger log = LoggerFactory.getLogger(FetchGate.class);
    /**
     * How long one turn waits for the committed offsets. Usually a few milliseconds; longer only while a dead
     * owner's transaction is still open (up to transaction.timeout.ms), when the consumer could not fetch those
     * partitions yet either. The request stays pending in the consumer, so the next turn picks up its answer.
     */
    private static final Duration LOAD_WAIT = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final AssignedPartitions partitions;
    private final OutageBreaker breaker;
    private final int maxBufferedRecords;
    private final long maxBufferedBytes;
    private boolean pausedForPressure;

    FetchGate(Consumer<byte[], byte[]> consumer, AssignedPartitions partitions, OutageBreaker breaker,
              int maxBufferedRecords, long maxBufferedBytes) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.breaker = breaker;
        this.maxBufferedRecords = maxBufferedRecords;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** True when fetching is paused for buffer pressure or an outage (not merely for loading partitions). */
    boolean holding() {
        return pausedForPressure;
    }

    /** Reads what it can of the loading partitions' metadata, then pauses and resumes accordingly. */
    void turn() {
        load();
        boolean full = partitions.bufferedRecords() >= maxBufferedRecords
                || partitions.bufferedBytes() >= maxBufferedBytes;
        boolean roomAgain = partitions.bufferedRecords() < maxBufferedRecords / 2
                && partitions.bufferedBytes() < maxBufferedBytes / 2;
        pausedForPressure = full || breaker.isOpen() || (pausedForPressure && !roomAgain);
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> pause = pausedForPressure ? assignment : partitions.loading();
        consumer.pause(pause);
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.removeAll(pause);
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private void load() {
        Set<TopicPartition> loading = partitions.loading();
        if (loading.isEmpty()) {
            return;
        }
        consumer.pause(loading); // before any fetch: nothing may be read before its metadata
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(loading, LOAD_WAIT);
        } catch (TimeoutException e) {
            log.debug("committed offsets of {} not known yet; asking again next turn", loading);
            return;
        } catch (WakeupException e) {
            return; // stop() was called; the loop decides what to do
        }
        for (TopicPartition tp : loading) {
            OffsetAndMetadata at = committed.get(tp);
            partitions.ledger(tp).loaded(at == null ? Set.of() : finishedAbove(tp, at));
        }
    }

    private static NavigableSet<Long> finishedAbove(TopicPartition tp, OffsetAndMetadata at) {
        try {
            NavigableSet<Long> finished = FinishedAbove.decode(at.offset(), at.metadata());
            if (!finished.isEmpty()) {
                log.info("{}: {} record(s) above the committed offset {} were finished by an earlier owner; "
                        + "skipping them", tp, finished.size(), at.offset());
            }
            return finished;
        } catch (IllegalArgumentException e) {
            // Cannot tell which are done: doing them all again repeats some outcomes but loses none.
            log.error("{}: the committed offset {} has damaged metadata ({}); every record from it is done again",
                    tp, at.offset(), e.getMessage());
            return new TreeSet<>();
        }
    }
}
