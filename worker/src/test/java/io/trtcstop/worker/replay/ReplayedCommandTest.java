package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReplayedCommandTest {

    @Test
    void keepsKeyValueAndTheProducersHeadersRaisesTheCountAndNamesTheDeadLetter() {
        DeadLetter d = TestDeadLetters.of(2, 41, T0, "RETRIES_EXHAUSTED", "InternalError", "{\"TaskId\":\"t\"}", 2);
        ProducerRecord<byte[], byte[]> r = ReplayedCommand.of(d, "transcription.stop");
        assertThat(r.topic()).isEqualTo("transcription.stop");
        assertThat(r.partition()).as("partitioned by key, like any command").isNull();
        assertThat(r.key()).isEqualTo(d.key());
        assertThat(r.value()).isEqualTo(d.value());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().forEach(x -> h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8)));
        assertThat(h).containsExactly(Map.entry("traceparent", "00-abc"), Map.entry("dlq.replay.count", "3"),
                Map.entry("dlq.replay.source.topic", "transcription.stop.dlq"),
                Map.entry("dlq.replay.source.partition", "2"), Map.entry("dlq.replay.source.offset", "41"));
    }

    @Test
    void aNullValueStaysNull() {
        DeadLetter d = TestDeadLetters.of(0, 1, T0, "INVALID_COMMAND", "InvalidCommand.NullValue", null, 0);
        assertThat(ReplayedCommand.of(d, "transcription.stop").value()).isNull();
    }
}
