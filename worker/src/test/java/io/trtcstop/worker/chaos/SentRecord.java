package io.trtcstop.worker.chaos;

/** One command record as the broker acknowledged it; its outcome names it by topic, partition and offset. */
record SentRecord(String topic, int partition, long offset, Expected expected, byte[] value) {

    String source() {
        return source(topic, partition, offset);
    }

    static String source(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
