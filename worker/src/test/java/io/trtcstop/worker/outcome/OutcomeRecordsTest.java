package io.trtcstop.worker.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.schema.MessageSchema;
import io.trtcstop.schema.SchemaValidator;
import io.trtcstop.worker.command.DecodedCommand;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.FailureKind;
import io.trtcstop.worker.engine.StopResult;
import io.trtcstop.worker.trtc.Region;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OutcomeRecordsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DONE = Instant.parse("2026-11-23T10:00:01.250Z");
    private static final StopCommand COMMAND =
            new StopCommand(1400000001L, "task-9", Region.AP_SINGAPORE, "room-1", "cmd-9", null);
    private static final StopResult.Attempts TWO = new StopResult.Attempts(2, RECEIVED, DONE);

    private final OutcomeRecords records = new OutcomeRecords("out", "dlq", "group-a", "worker-7", 1024 * 1024);

    private static ConsumerRecord<byte[], byte[]> source(byte[] key, byte[] value, int replayCount) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        if (replayCount > 0) {
            headers.add(DeadLetterHeaders.REPLAY_COUNT, Integer.toString(replayCount).getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.ERROR_CODE, "stale".getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("transcription.stop", 4, 77L, 1_763_892_000_000L, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    private static JsonNode outcomeOf(List<ProducerRecord<byte[], byte[]>> out) {
        ProducerRecord<byte[], byte[]> outcome = out.getFirst();
        assertThat(outcome.topic()).isEqualTo("out");
        assertThat(SchemaValidator.of(MessageSchema.OUTCOME_EVENT_V1).validate(outcome.value()).violations()).isEmpty();
        return JSON.readTree(outcome.value());
    }

    private static Map<String, String> headersOf(ProducerRecord<byte[], byte[]> r) {
        Map<String, String> h = new HashMap<>();
        r.headers().forEach(x -> h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8)));
        return h;
    }

    @Test
    void aStoppedCommandHasOneOutcomeAndNoDeadLetter() {
        var out = records.finished(source("task-9".getBytes(), "{}".getBytes(), 0), RECEIVED, DONE, COMMAND,
                new StopResult.Stopped("req-1", TWO));
        assertThat(out).hasSize(1);
        JsonNode o = outcomeOf(out);
        assertThat(new String(out.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("task-9");
        assertThat(o.get("CommandId").asString()).isEqualTo("cmd-9");
        assertThat(o.get("Status").asString()).isEqualTo("STOPPED");
        assertThat(o.get("SdkAppId").asLong()).isEqualTo(1400000001L);
        assertThat(o.get("Region").asString()).isEqualTo("ap-singapore");
        assertThat(o.get("RequestId").asString()).isEqualTo("req-1");
        assertThat(o.get("Attempts").asInt()).isEqualTo(2);
        assertThat(o.get("ReceivedAt").asString()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(o.get("CompletedAt").asString()).isEqualTo("2026-11-23T10:00:01.250Z");
        assertThat(o.get("Source").toString()).isEqualTo("{\"Topic\":\"transcription.stop\",\"Partition\":4,\"Offset\":77}");
        assertThat(o.has("Error")).isFalse();
    }

    @Test
    void aDeduplicatedCommandSaysSo() {
        var out = records.finished(source(null, "{}".getBytes(), 0), RECEIVED, DONE,
                new StopCommand(1, "t", Region.AP_GUANGZHOU, null, null, null),
                new StopResult.AlreadyStopped(null, StopResult.Attempts.NONE, true));
        JsonNode o = outcomeOf(out);
        assertThat(o.get("Deduplicated").asBoolean()).isTrue();
        assertThat(o.get("CommandId").asString()).isEqualTo("transcription.stop-4-77");
        assertThat(o.has("RequestId")).isFalse();
    }

    @Test
    void aPermanentFailureIsDeadLetteredUnchangedWithTheContractHeaders() {
        byte[] value = "{\"SdkAppId\":1400000001,\"TaskId\":\"task-9\"}".getBytes(StandardCharsets.UTF_8);
        var out = records.finished(source("k".getBytes(), value, 2), RECEIVED, DONE, COMMAND,
                new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR, "AuthFailure.UnauthorizedOperation",
                        "CAM denied", "req-403", TWO));
        assertThat(out).hasSize(2);
        JsonNode o = outcomeOf(out);
        assertThat(o.get("Status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(o.get("Error").get("Code").asString()).isEqualTo("AuthFailure.UnauthorizedOperation");

        ProducerRecord<byte[], byte[]> dead = out.get(1);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.key()).isEqualTo("k".getBytes());
        assertThat(dead.value()).isEqualTo(value);
        Map<String, String> h = headersOf(dead);
        assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(h).violations()).isEmpty();
        assertThat(h).containsEntry("dlq.original.topic", "transcription.stop")
                .containsEntry("dlq.original.partition", "4")
                .containsEntry("dlq.original.offset", "77")
                .containsEntry("dlq.original.timestamp", "1763892000000")
                .containsEntry("dlq.consumer.group", "group-a")
                .containsEntry("dlq.command.id", "cmd-9")
                .containsEntry("dlq.error.kind", "PERMANENT_API_ERROR")
                .containsEntry("dlq.error.code", "AuthFailure.UnauthorizedOperation")
                .containsEntry("dlq.error.message", "CAM denied")
                .containsEntry("dlq.request.id", "req-403")
                .containsEntry("dlq.attempts", "2")
                .containsEntry("dlq.first.attempt.at", "2026-11-23T10:00:00Z")
                .containsEntry("dlq.last.attempt.at", "2026-11-23T10:00:01.250Z")
                .containsEntry("dlq.worker.instance", "worker-7")
                .containsEntry("dlq.replay.count", "2")
                .containsEntry("traceparent", "00-abc");
        assertThat(dead.headers().headers(DeadLetterHeaders.ERROR_CODE)).hasSize(1); // the stale copy is gone
    }

    @Test
    void anInvalidCommandIsDeadLetteredWithoutCommandFields() {
        byte[] value = "{\"SdkAppId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        var out = records.invalid(source(null, value, 0), RECEIVED, DONE,
                DecodedCommand.invalid("InvalidCommand.Schema", "$.SdkAppId: must be an integer"));
        JsonNode o = outcomeOf(out);
        assertThat(o.has("TaskId")).isFalse();
        assertThat(o.has("SdkAppId")).isFalse();
        assertThat(o.get("Attempts").asInt()).isZero();
        assertThat(out.getFirst().key()).isNull();
        Map<String, String> h = headersOf(out.get(1));
        assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(h).violations()).isEmpty();
        assertThat(h).containsEntry("dlq.error.kind", "INVALID_COMMAND").containsEntry("dlq.attempts", "0")
                .doesNotContainKeys("dlq.first.attempt.at", "dlq.request.id");
        assertThat(out.get(1).value()).isEqualTo(value);
    }

    @Test
    void anAbandonedCommandHasNoOutcome() {
        assertThatThrownBy(() -> records.finished(source(null, null, 0), RECEIVED, DONE, COMMAND,
                new StopResult.Abandoned("shutdown"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeadLetterThatWouldNotFitTheTopicIsWrittenWithoutItsValueAndSaysSo() {
        OutcomeRecords small = new OutcomeRecords("out", "dlq", "group-a", "worker-7", 4096);
        byte[] big = new byte[4000];
        var invalid = new io.trtcstop.worker.command.DecodedCommand.Invalid("InvalidCommand.NotJson", "not JSON");
        List<ProducerRecord<byte[], byte[]>> out = small.invalid(source("k".getBytes(), big, 0), RECEIVED, DONE, invalid);
        ProducerRecord<byte[], byte[]> deadLetter = out.get(1);
        assertThat(deadLetter.value()).isNull();
        assertThat(deadLetter.key()).isEqualTo("k".getBytes());
        Map<String, String> h = headersOf(deadLetter);
        assertThat(h).containsEntry(DeadLetterHeaders.VALUE_OMITTED, "true")
                .containsEntry(DeadLetterHeaders.VALUE_BYTES, "4000")
                .containsEntry(DeadLetterHeaders.ORIGINAL_OFFSET, "77");
        // One that fits keeps its value unchanged.
        assertThat(records.invalid(source("k".getBytes(), big, 0), RECEIVED, DONE, invalid).get(1).value()).isSameAs(big);
    }

    @Test
    void withoutValueRewritesOnlyDeadLetters() {
        var invalid = new io.trtcstop.worker.command.DecodedCommand.Invalid("InvalidCommand.NotJson", "not JSON");
        List<ProducerRecord<byte[], byte[]>> out = records.invalid(source(null, "x".getBytes(), 0), RECEIVED, DONE, invalid);
        assertThat(records.withoutValue(out.get(0))).isSameAs(out.get(0));
        ProducerRecord<byte[], byte[]> stripped = records.withoutValue(out.get(1));
        assertThat(stripped.value()).isNull();
        assertThat(headersOf(stripped)).containsEntry(DeadLetterHeaders.VALUE_BYTES, "1");
    }

    @Test
    void aReplayedCommandThatFailsAgainKeepsItsCountAndTheDeadLetterItCameFrom() {
        ConsumerRecord<byte[], byte[]> replayed = source("k".getBytes(), "{}".getBytes(StandardCharsets.UTF_8), 3);
        replayed.headers().add(DeadLetterHeaders.REPLAY_SOURCE_TOPIC, "transcription.stop.dlq".getBytes());
        replayed.headers().add(DeadLetterHeaders.REPLAY_SOURCE_PARTITION, "1".getBytes());
        replayed.headers().add(DeadLetterHeaders.REPLAY_SOURCE_OFFSET, "42".getBytes());
        var out = records.finished(replayed, RECEIVED, DONE, COMMAND,
                new StopResult.GaveUp(FailureKind.RETRIES_EXHAUSTED, "InternalError", "boom", null, TWO));
        Map<String, String> h = headersOf(out.get(1));
        assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(h).violations()).isEmpty();
        assertThat(h).containsEntry("dlq.replay.count", "3")
                .containsEntry("dlq.replay.source.topic", "transcription.stop.dlq")
                .containsEntry("dlq.replay.source.partition", "1")
                .containsEntry("dlq.replay.source.offset", "42");
        assertThat(out.get(1).headers().headers(DeadLetterHeaders.REPLAY_SOURCE_OFFSET)).hasSize(1);
    }

    private static DecodedCommand.Invalid notJson() {
        return new DecodedCommand.Invalid("InvalidCommand.NotJson", "the command is not JSON");
    }

    @Test
    void anOutcomeNeverCopiesAKeyOverTheBoundButADigestOfIt() {
        byte[] hugeKey = new byte[OutcomeRecords.MAX_OUTCOME_KEY_BYTES + 1];
        java.util.Arrays.fill(hugeKey, (byte) 'k');
        var out = records.invalid(source(hugeKey, "x".getBytes(), 0), RECEIVED, DONE, notJson());
        String key = new String(out.getFirst().key(), StandardCharsets.UTF_8);
        assertThat(key).startsWith("sha256:").hasSize("sha256:".length() + 64);
        var again = records.invalid(source(hugeKey.clone(), "y".getBytes(), 0), RECEIVED, DONE, notJson());
        assertThat(again.getFirst().key()).as("the same key, the same digest: same outcome partition")
                .isEqualTo(out.getFirst().key());

        byte[] atBound = new byte[OutcomeRecords.MAX_OUTCOME_KEY_BYTES];
        var kept = records.invalid(source(atBound, "x".getBytes(), 0), RECEIVED, DONE, notJson());
        assertThat(kept.getFirst().key()).isEqualTo(atBound);
    }

    @Test
    void aDeadLetterWhoseKeyOrCopiedHeadersDoNotFitIsWrittenMinimal() {
        OutcomeRecords small = new OutcomeRecords("out", "dlq", "group-a", "worker-7", 8 * 1024);
        RecordHeaders bulky = new RecordHeaders();
        bulky.add("trace", new byte[9 * 1024]);
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("transcription.stop", 4, 77L, 1_763_892_000_000L,
                TimestampType.CREATE_TIME, 3, 1, "k-1".getBytes(), "x".getBytes(), bulky, Optional.empty());
        ProducerRecord<byte[], byte[]> deadLetter = small.invalid(source, RECEIVED, DONE, notJson()).get(1);
        assertThat(deadLetter.value()).isNull();
        assertThat(deadLetter.key()).isNull();
        Map<String, String> h = headersOf(deadLetter);
        assertThat(h).doesNotContainKey("trace")
                .containsEntry(DeadLetterHeaders.VALUE_OMITTED, "true").containsEntry(DeadLetterHeaders.VALUE_BYTES, "1")
                .containsEntry(DeadLetterHeaders.KEY_OMITTED, "true").containsEntry(DeadLetterHeaders.KEY_BYTES, "3")
                .containsEntry(DeadLetterHeaders.HEADERS_OMITTED, "1")
                .containsEntry(DeadLetterHeaders.ORIGINAL_OFFSET, "77")
                .containsEntry(DeadLetterHeaders.ERROR_CODE, "InvalidCommand.NotJson");
        assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(h).violations()).isEmpty();
    }

    @Test
    void aDeadLetterTheBrokerRefusesShrinksOneStepAtATime() {
        ProducerRecord<byte[], byte[]> full = records.invalid(source("k-1".getBytes(), "x".getBytes(), 0), RECEIVED,
                DONE, notJson()).get(1);
        ProducerRecord<byte[], byte[]> valueless = records.withoutValue(full);
        assertThat(valueless.value()).isNull();
        assertThat(valueless.key()).isEqualTo("k-1".getBytes());
        assertThat(headersOf(valueless)).containsKey("traceparent");
        ProducerRecord<byte[], byte[]> minimal = records.withoutValue(valueless);
        assertThat(minimal.key()).isNull();
        assertThat(headersOf(minimal)).doesNotContainKey("traceparent").containsEntry(DeadLetterHeaders.KEY_OMITTED, "true");
        assertThat(records.withoutValue(minimal)).as("nothing left to drop").isSameAs(minimal);
    }

    @Test
    void anErrorMessageThatQuotesHostileTextIsEscapedAndBoundedInTheOutcomeAndTheHeader() {
        String hostile = "\u001b[2J\r\n2026-11-23 ERROR forged\u2028\u202e" + "x".repeat(50_000);
        var invalid = records.invalid(source("k".getBytes(), "{}".getBytes(), 0), RECEIVED, DONE,
                new DecodedCommand.Invalid("InvalidCommand.NotJson", "$: not JSON: " + hostile));
        var gaveUp = records.finished(source("task-9".getBytes(), "{}".getBytes(), 0), RECEIVED, DONE, COMMAND,
                new StopResult.GaveUp(FailureKind.PERMANENT_API_ERROR, "FailedOperation", hostile, "req-1", TWO));
        for (var out : List.of(invalid, gaveUp)) {
            String message = outcomeOf(out).get("Error").get("Message").asString();
            String header = headersOf(out.get(1)).get(DeadLetterHeaders.ERROR_MESSAGE);
            for (String text : List.of(message, header)) {
                assertThat(text).contains("\\u001B[2J\\r\\n2026-11-23 ERROR forged\\u2028\\u202E")
                        .doesNotContain("\u001b", "\r", "\n", "\u2028", "\u202e").hasSizeLessThanOrEqualTo(1001);
            }
        }
    }
}
