package io.trtcstop.worker.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead letters built in memory for unit tests, with the headers the worker writes. */
final class TestDeadLetters {

    static final Instant T0 = Instant.parse("2026-01-31T08:00:00Z");

    private TestDeadLetters() {
    }

    static DeadLetter of(int partition, long offset, Instant time, String kind, String code, String value,
                         int replayCount) {
        RecordHeaders h = new RecordHeaders();
        h.add("traceparent", bytes("00-abc"));
        h.add("dlq.original.topic", bytes("transcription.stop"));
        h.add("dlq.error.kind", bytes(kind));
        h.add("dlq.error.code", bytes(code));
        h.add("dlq.replay.count", bytes(Integer.toString(replayCount)));
        return new DeadLetter(new DeadLetterCoordinates("transcription.stop.dlq", partition, offset), time,
                bytes("task-" + offset), value == null ? null : bytes(value), h);
    }

    static DeadLetter command(long offset, String kind, String code) {
        return of(0, offset, T0.plusSeconds(offset), kind, code,
                "{\"SdkAppId\":1400000001,\"TaskId\":\"task-" + offset + "\"}", 0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
