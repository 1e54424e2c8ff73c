package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The rules between outcome fields, checked on events built the way the worker builds them. */
class OutcomeEventSchemaTest {

    private final SchemaValidator outcomes = SchemaValidator.of(MessageSchema.OUTCOME_EVENT_V1);

    private static ObjectNode stopped() {
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("CommandId", "cmd-1")
                .put("SdkAppId", 1400000000L)
                .put("TaskId", "task-1")
                .put("Region", "ap-hongkong")
                .put("Status", "STOPPED")
                .put("Deduplicated", false)
                .put("RequestId", "req-1")
                .put("Attempts", 1)
                .put("ReceivedAt", "2026-01-31T08:15:30.201Z")
                .put("CompletedAt", "2026-01-31T08:15:30.412Z");
        event.putObject("Source").put("Topic", "transcription.stop").put("Partition", 0).put("Offset", 0L);
        return event;
    }

    private static ObjectNode deadLettered() {
        ObjectNode event = stopped().put("Status", "DEAD_LETTERED");
        event.putObject("Error").put("Code", "FailedOperation").put("Message", "task cannot be stopped");
        return event;
    }

    private String violations(ObjectNode event, Consumer<ObjectNode> change) {
        change.accept(event);
        return outcomes.validate(event).summary();
    }

    @Test
    void everyStatusHasAValidShape() {
        assertThat(violations(stopped(), event -> { })).isEmpty();
        assertThat(violations(stopped(), event -> event.put("Status", "ALREADY_STOPPED").put("Attempts", 3))).isEmpty();
        assertThat(violations(stopped(), event -> event.put("Status", "ALREADY_STOPPED").put("Deduplicated", true)
                .put("Attempts", 0).putNull("RequestId"))).isEmpty();
        assertThat(violations(deadLettered(), event -> { })).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SdkAppId", "TaskId", "Region"})
    void deadLetteredMayLackTheCommandFieldsOthersMayNot(String field) {
        assertThat(violations(deadLettered(), event -> event.remove(field))).isEmpty();
        assertThat(violations(stopped(), event -> event.remove(field)))
                .isEqualTo("$." + field + ": is required unless Status is DEAD_LETTERED");
        assertThat(violations(stopped(), event -> event.put("Status", "ALREADY_STOPPED").remove(field)))
                .isEqualTo("$." + field + ": is required unless Status is DEAD_LETTERED");
    }

    @Test
    void errorBelongsToDeadLetteredOnly() {
        assertThat(violations(deadLettered(), event -> event.remove("Error")))
                .isEqualTo("$.Error: is required when Status is DEAD_LETTERED");
        assertThat(violations(deadLettered(), event -> event.put("Status", "STOPPED")))
                .isEqualTo("$.Error: must be absent unless Status is DEAD_LETTERED");
        assertThat(violations(deadLettered(), event -> event.putObject("Error").put("Code", "")))
                .contains("$.Error.Code: must not be empty", "$.Error.Message: is required but missing");
    }

    @Test
    void deduplicationMeansAlreadyStoppedWithoutApiCalls() {
        assertThat(violations(stopped(), event -> event.put("Deduplicated", true)))
                .contains("$.Status: must be ALREADY_STOPPED when Deduplicated is true, found \"STOPPED\"",
                        "$.Attempts: must be 0 when Deduplicated is true, found 1");
        assertThat(violations(stopped(), event -> event.put("Attempts", 0)))
                .isEqualTo("$.Attempts: must be at least 1 when Status is STOPPED or ALREADY_STOPPED and Deduplicated is false, found 0");
        assertThat(violations(deadLettered(), event -> event.put("Attempts", 0))).isEmpty();
    }

    @Test
    void sourceIsAKafkaPosition() {
        assertThat(violations(stopped(), event -> event.putObject("Source").put("Topic", "bad topic!").put("Partition", 1.0d).put("Offset", -1)))
                .contains("$.Source.Topic: must be a Kafka topic name",
                        "$.Source.Partition: must be written as an integer",
                        "$.Source.Offset: must be at least 0, found -1");
        assertThat(violations(stopped(), event -> event.remove("Source"))).isEqualTo("$.Source: is required but missing");
    }

    @Test
    void requestIdMayBeNullOrAbsent() {
        assertThat(violations(stopped(), event -> event.putNull("RequestId"))).isEmpty();
        assertThat(violations(stopped(), event -> event.remove("RequestId"))).isEmpty();
    }

    @Test
    void timesAreRfc3339AndRequired() {
        assertThat(violations(stopped(), event -> event.put("ReceivedAt", "2026-01-31T16:15:30+08:00"))).isEmpty();
        assertThat(violations(stopped(), event -> event.put("CompletedAt", "2026-02-30T00:00:00Z")))
                .startsWith("$.CompletedAt: must be an RFC 3339 date-time");
        assertThat(violations(stopped(), event -> event.remove("ReceivedAt"))).isEqualTo("$.ReceivedAt: is required but missing");
    }

    @Test
    void unknownFieldsAreAllowedForForwardCompatibility() {
        assertThat(violations(stopped(), event -> event.put("LatencyMs", 211).putObject("Trace").put("Id", "abc"))).isEmpty();
    }

    @Test
    void regionMustBeOneTheApiSupports() {
        assertThat(violations(stopped(), event -> event.put("Region", "ap-shanghai")))
                .isEqualTo("$.Region: must be one of [\"ap-guangzhou\", \"ap-hongkong\", \"ap-singapore\"], found \"ap-shanghai\"");
    }
}
