package io.trtcstop.worker.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition that are read but not yet committed, in offset order. Commands finish
 * out of order; the ledger hands out only the finished prefix, so a commit never moves the offset past a
 * command that is still running, and carries exactly the outputs of the records it commits.
 *
 * <p>Committing is two-phase: {@link #committable()} looks at the finished prefix without taking it, and only
 * {@link #committed(Committable)} removes it once the transaction went through. An aborted transaction therefore
 * loses nothing: the same outputs go into the next one, without reading or calling anything again.
 *
 * <p>Owned by the poll thread. A ledger lives for one assignment of its partition: when the partition is
 * revoked or lost, the ledger is retired and late results for its entries are dropped.
 */
final class PartitionLedger {

    /** One read record; {@code outputs} is set once its command has finished. */
    static final class Entry {
        final long offset;
        final int bytes;
        private List<ProducerRecord<byte[], byte[]>> outputs;
        private String rememberOnCommit;

        private Entry(long offset, int bytes) {
            this.offset = offset;
            this.bytes = bytes;
        }

        boolean finished() {
            return outputs != null;
        }
    }

    /**
     * What a transaction commits for this partition: the records up to {@code nextOffset}, their outputs, and the
     * dedup keys to remember once the commit went through.
     */
    record Committable(TopicPartition partition, long nextOffset, int records,
                       List<ProducerRecord<byte[], byte[]>> outputs, List<String> stoppedKeys,
                       boolean wholeLedger) {}

    private final TopicPartition partition;
    private final ArrayDeque<Entry> uncommitted = new ArrayDeque<>();
    private long bufferedBytes;
    private long committedThrough = -1;
    private boolean active = true;

    PartitionLedger(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    Entry track(long offset, int bytes) {
        Entry last = uncommitted.peekLast();
        if (last != null && offset <= last.offset) {
            throw new IllegalStateException(partition + ": offset " + offset + " read after " + last.offset);
        }
        Entry entry = new Entry(offset, bytes);
        uncommitted.addLast(entry);
        bufferedBytes += bytes;
        return entry;
    }

    /**
     * @param stoppedKey the command's dedup key when it ended with the task stopped, remembered only once its
     *                   outcome is committed; null otherwise
     */
    void finish(Entry entry, List<ProducerRecord<byte[], byte[]>> outputs, String stoppedKey) {
        if (entry.outputs != null) {
            throw new IllegalStateException(partition + ": offset " + entry.offset + " finished twice");
        }
        entry.outputs = List.copyOf(outputs);
        entry.rememberOnCommit = stoppedKey;
    }

    /** The finished prefix, left in place; null when the first uncommitted record is still running. */
    Committable committable() {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<String> stoppedKeys = new ArrayList<>();
        long next = -1;
        int records = 0;
        for (Entry entry : uncommitted) {
            if (!entry.finished()) {
                break;
            }
            outputs.addAll(entry.outputs);
            if (entry.rememberOnCommit != null) {
                stoppedKeys.add(entry.rememberOnCommit);
            }
            next = entry.offset + 1;
            records++;
        }
        if (records == 0) {
            return null;
        }
        return new Committable(partition, next, records, outputs, stoppedKeys, records == uncommitted.size());
    }

    /** The transaction carrying {@code c} was committed: drop its records. */
    void committed(Committable c) {
        for (int i = 0; i < c.records(); i++) {
            Entry entry = uncommitted.pollFirst();
            if (entry == null || entry.offset >= c.nextOffset()) {
                throw new IllegalStateException(partition + ": committed more than was committable");
            }
            bufferedBytes -= entry.bytes;
        }
        committedThrough = c.nextOffset();
    }

    /** The next offset after what this ledger last committed, or -1 before its first commit (for progress). */
    long committedThrough() {
        return committedThrough;
    }

    /** Rewrites finished outputs in place, e.g. a dead letter the broker refused as too large. */
    void rewriteOutputs(UnaryOperator<ProducerRecord<byte[], byte[]>> rewrite) {
        for (Entry entry : uncommitted) {
            if (entry.finished()) {
                entry.outputs = entry.outputs.stream().map(rewrite).toList();
            }
        }
    }

    int uncommittedCount() {
        return uncommitted.size();
    }

    /** Bytes of the uncommitted records' values and keys (their dead letters share the same arrays). */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Offset of the oldest record not yet committed, or -1 when everything read is committed. */
    long oldestUncommittedOffset() {
        Entry first = uncommitted.peekFirst();
        return first == null ? -1 : first.offset;
    }

    boolean active() {
        return active;
    }

    void retire() {
        active = false;
        uncommitted.clear();
        bufferedBytes = 0;
    }
}
