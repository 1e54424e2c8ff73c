package io.trtcstop.worker.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition that are read but not yet behind the committed offset, in offset order.
 * Commands finish out of order. A transaction commits the offset up to the first unfinished record, with the
 * outputs of every finished record before it, and also the outputs of finished records <em>above</em> it, whose
 * offsets go into the commit's metadata ({@link FinishedAbove}): a finished command never waits for a slower one
 * before it to become visible. Such records stay in the ledger, outputs dropped, until the committed offset passes
 * them; whoever reads the partition again skips them.
 *
 * <p>Committing is two-phase: {@link #committable()} looks at what is finished without taking it, and only
 * {@link #committed(Committable)} applies it once the transaction went through. An aborted transaction therefore
 * loses nothing: the same outputs go into the next one, without reading or calling anything again.
 *
 * <p>Owned by the poll thread. A ledger lives for one assignment of its partition. It is {@link #loaded} once the
 * committed offset's metadata is read (the partition stays paused until then); when the partition is revoked or
 * lost, the ledger is retired and late results for its entries are dropped.
 */
final class PartitionLedger {

    /** One read record; {@code outputs} is set once its command has finished. */
    static final class Entry {
        final long offset;
        final int bytes;
        private List<ProducerRecord<byte[], byte[]>> outputs;
        private String rememberOnCommit;
        /** Its outputs are committed (above the committed offset, or by an earlier owner): nothing left to write. */
        private boolean committed;

        private Entry(long offset, int bytes) {
            this.offset = offset;
            this.bytes = bytes;
        }

        boolean finished() {
            return outputs != null;
        }

        /** True for a record an earlier owner already finished and committed: the caller must not run it. */
        boolean alreadyCommitted() {
            return committed;
        }
    }

    /**
     * What a transaction commits for this partition: the offset {@code nextOffset} (the first unfinished record,
     * or past the last one read), the offsets above it that are finished, the outputs not committed yet, and the
     * dedup keys to remember once the commit went through.
     */
    record Committable(TopicPartition partition, long nextOffset, List<Long> finishedAbove, int headRecords,
                       List<Entry> early, int outcomes, List<ProducerRecord<byte[], byte[]>> outputs,
                       List<String> stoppedKeys, boolean wholeLedger) {

        /** Offsets whose outcomes this commit makes visible (for the outcome meters). */
        List<Long> newlyCommittedAbove() {
            return early.stream().map(e -> e.offset).toList();
        }
    }

    private final TopicPartition partition;
    private final ArrayDeque<Entry> uncommitted = new ArrayDeque<>();
    /** Offsets finished by an earlier owner (from the committed metadata) that this ledger has not read yet. */
    private final NavigableSet<Long> inherited = new TreeSet<>();
    private boolean loaded;
    private long bufferedBytes;
    private long committedThrough = -1;
    private boolean active = true;
    /** Entries in {@code uncommitted} whose outputs are already committed (they hold no memory). */
    private int committedEarly;
    private boolean caughtUp = true;

    PartitionLedger(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /** The committed metadata is read: these offsets are finished already. Until then nothing may be tracked. */
    void loaded(Set<Long> finishedByEarlierOwner) {
        inherited.addAll(finishedByEarlierOwner);
        loaded = true;
    }

    boolean isLoaded() {
        return loaded;
    }

    /** Tracks a read record; when an earlier owner already committed it, the entry is finished with no outputs. */
    Entry track(long offset, int bytes) {
        if (!loaded) {
            throw new IllegalStateException(partition + ": record read before the committed metadata was");
        }
        Entry last = uncommitted.peekLast();
        if (last != null && offset <= last.offset) {
            throw new IllegalStateException(partition + ": offset " + offset + " read after " + last.offset);
        }
        Entry entry = new Entry(offset, bytes);
        inherited.headSet(offset, false).clear(); // never to be read (e.g. aborted records of a command producer)
        if (inherited.remove(offset)) {
            entry.outputs = List.of();
            entry.committed = true;
            committedEarly++;
        } else {
            bufferedBytes += bytes;
        }
        uncommitted.addLast(entry);
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

    /** What is finished and not committed, left in place; null when there is nothing to commit. */
    Committable committable() {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<String> stoppedKeys = new ArrayList<>();
        List<Entry> early = new ArrayList<>();
        List<Long> finishedAbove = new ArrayList<>();
        int headRecords = 0;
        int outcomes = 0;
        long next = -1;
        for (Entry entry : uncommitted) {
            if (!entry.finished()) {
                if (next < 0) {
                    next = entry.offset;
                }
                continue;
            }
            if (next >= 0 && entry.offset - next >= FinishedAbove.MAX_SPAN) {
                break; // too far up to describe in the metadata: waits for the committed offset to come closer
            }
            if (next >= 0) {
                finishedAbove.add(entry.offset);
                if (!entry.committed) {
                    early.add(entry);
                }
            } else {
                headRecords++;
            }
            if (!entry.committed) {
                outputs.addAll(entry.outputs);
                if (entry.rememberOnCommit != null) {
                    stoppedKeys.add(entry.rememberOnCommit);
                }
                outcomes++;
            }
        }
        boolean whole = next < 0 && caughtUp;
        if (next < 0) {
            Entry last = uncommitted.peekLast();
            next = last == null ? -1 : last.offset + 1;
        }
        if (headRecords == 0 && outcomes == 0) {
            return null;
        }
        finishedAbove.addAll(inherited.tailSet(next, true));
        return new Committable(partition, next, finishedAbove, headRecords, early, outcomes, outputs, stoppedKeys,
                whole);
    }

    /** The transaction carrying {@code c} was committed: drop the head it committed, mark the early ones. */
    void committed(Committable c) {
        for (int i = 0; i < c.headRecords(); i++) {
            Entry entry = uncommitted.pollFirst();
            if (entry == null || entry.offset >= c.nextOffset() || !entry.finished()) {
                throw new IllegalStateException(partition + ": committed more than was committable");
            }
            if (entry.committed) {
                committedEarly--;
            } else {
                bufferedBytes -= entry.bytes;
            }
        }
        for (Entry entry : c.early()) {
            entry.committed = true;
            committedEarly++;
            entry.outputs = List.of(); // written: only the offset stays, until the committed offset passes it
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

    /**
     * Records whose outputs are not written yet: what the buffer budget counts. Records committed early (or by an
     * earlier owner) wait here as offsets only; counting them would let one retrying command pause every partition.
     */
    int bufferedRecords() {
        return uncommitted.size() - committedEarly;
    }

    /**
     * A fetched batch of this partition is being tracked: until {@link #caughtUp()}, records below the consumer's
     * position may not be tracked (e.g. the batch's tracking threw partway), so the position must not be committed.
     */
    void reading() {
        caughtUp = false;
    }

    /** Every record the consumer returned for this partition so far is tracked. */
    void caughtUp() {
        caughtUp = true;
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
        inherited.clear();
        bufferedBytes = 0;
        committedEarly = 0;
    }
}
