package io.trtcstop.worker.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-partition state of the partitions this instance owns: one {@link PartitionLedger} per assignment. Owned by
 * the poll thread; {@link #assignedNow()} is a snapshot safe from any thread.
 */
final class AssignedPartitions {

    private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
    private int bufferedRecords;
    private long bufferedBytes;
    private volatile Set<TopicPartition> assigned = Set.of();

    PartitionLedger ledger(TopicPartition tp) {
        PartitionLedger ledger = ledgers.get(tp);
        if (ledger == null) {
            // Records only come for assigned partitions, and assignment creates the ledger.
            throw new IllegalStateException("record from unassigned partition " + tp);
        }
        return ledger;
    }

    Collection<PartitionLedger> all() {
        return ledgers.values();
    }

    void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ledgers.put(tp, new PartitionLedger(tp));
        }
        assigned = Set.copyOf(ledgers.keySet());
    }

    /** Removes the partitions; returns their ledgers, retired, so late results for them are dropped. */
    List<PartitionLedger> remove(Collection<TopicPartition> partitions) {
        List<PartitionLedger> removed = partitions.stream()
                .map(ledgers::remove)
                .flatMap(l -> Optional.ofNullable(l).stream())
                .toList();
        removed.forEach(PartitionLedger::retire);
        assigned = Set.copyOf(ledgers.keySet());
        refreshCounts();
        return removed;
    }

    /** Recounts what is buffered; call after records are tracked or committed. */
    void refreshCounts() {
        int records = 0;
        long bytes = 0;
        for (PartitionLedger ledger : ledgers.values()) {
            records += ledger.bufferedRecords();
            bytes += ledger.bufferedBytes();
        }
        bufferedRecords = records;
        bufferedBytes = bytes;
    }

    int bufferedRecords() {
        return bufferedRecords;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Assigned partitions whose committed metadata is not read yet (they stay paused until it is). */
    Set<TopicPartition> loading() {
        Set<TopicPartition> loading = new HashSet<>();
        for (PartitionLedger ledger : ledgers.values()) {
            if (!ledger.isLoaded()) {
                loading.add(ledger.partition());
            }
        }
        return loading;
    }

    /** The partitions owned now (a snapshot, safe from any thread). */
    Set<TopicPartition> assignedNow() {
        return assigned;
    }
}
