package io.trtcstop.worker.replay;

/** Where a dead letter sits on the dead-letter topic; what the replay ledger remembers. */
public record DeadLetterCoordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
