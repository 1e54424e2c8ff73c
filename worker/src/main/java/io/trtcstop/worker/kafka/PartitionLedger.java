package io.trtcstop.worker.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition that are read but not yet committed, in offset order. Commands finish
 * out of order; the ledger hands out only the finished prefix, so a commit never moves the offset past a
 * command that is still running, and carries exactly the outputs of the records it commits.
 *
 * <p>Owned by the poll thread. A ledger lives for one assignment of its partition: when the partition is
 * revoked, lost or rewound, the ledger is retired and late results for its entries are dropped.
 */
final class PartitionLedger {

    /** One read record; {@code outputs} is set once its command has finished. */
    static final class Entry {
        final long offset;
        private List<ProducerRecord<byte[], byte[]>> outputs;

        private Entry(long offset) {
            this.offset = offset;
        }

        boolean finished() {
            return outputs != null;
        }
    }

    /** What a transaction commits for this partition: the next offset to read and the outputs up to it. */
    record Committable(TopicPartition partition, long nextOffset, int records,
                       List<ProducerRecord<byte[], byte[]>> outputs) {}

    private final TopicPartition partition;
    private final ArrayDeque<Entry> uncommitted = new ArrayDeque<>();
    private long committedOffset;
    private boolean active = true;

    PartitionLedger(TopicPartition partition, long startOffset) {
        this.partition = partition;
        this.committedOffset = startOffset;
    }

    TopicPartition partition() {
        return partition;
    }

    Entry track(long offset) {
        Entry last = uncommitted.peekLast();
        if (last != null && offset <= last.offset) {
            throw new IllegalStateException(partition + ": offset " + offset + " read after " + last.offset);
        }
        Entry entry = new Entry(offset);
        uncommitted.addLast(entry);
        return entry;
    }

    void finish(Entry entry, List<ProducerRecord<byte[], byte[]>> outputs) {
        if (entry.outputs != null) {
            throw new IllegalStateException(partition + ": offset " + entry.offset + " finished twice");
        }
        entry.outputs = List.copyOf(outputs);
    }

    /** Removes and returns the finished prefix, or null when the first uncommitted record is still running. */
    Committable takeCommittable() {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        long next = -1;
        int records = 0;
        while (!uncommitted.isEmpty() && uncommitted.peekFirst().finished()) {
            Entry entry = uncommitted.pollFirst();
            outputs.addAll(entry.outputs);
            next = entry.offset + 1;
            records++;
        }
        if (records == 0) {
            return null;
        }
        return new Committable(partition, next, records, outputs);
    }

    /** The commit went through: remember where the group now stands. */
    void committed(long nextOffset) {
        committedOffset = nextOffset;
    }

    /** Where a rewind restarts: the last offset committed by this instance (or found at assignment). */
    long committedOffset() {
        return committedOffset;
    }

    int uncommittedCount() {
        return uncommitted.size();
    }

    boolean active() {
        return active;
    }

    void retire() {
        active = false;
        uncommitted.clear();
    }
}
