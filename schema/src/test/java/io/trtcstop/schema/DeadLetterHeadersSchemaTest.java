package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dead-letter header contract, checked on header maps built the way the worker builds them. */
class DeadLetterHeadersSchemaTest {

    private final SchemaValidator headers = SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1);

    private static Map<String, String> apiError() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("dlq.original.topic", "transcription.stop");
        headers.put("dlq.original.partition", "3");
        headers.put("dlq.original.offset", "18240");
        headers.put("dlq.original.timestamp", "1769847330199");
        headers.put("dlq.consumer.group", "trtc-stop-worker");
        headers.put("dlq.command.id", "cmd-1");
        headers.put("dlq.error.kind", "PERMANENT_API_ERROR");
        headers.put("dlq.error.code", "InvalidParameter.SdkAppId");
        headers.put("dlq.error.message", "SdkAppId is invalid");
        headers.put("dlq.request.id", "req-1");
        headers.put("dlq.attempts", "1");
        headers.put("dlq.first.attempt.at", "2026-01-31T08:15:30.215Z");
        headers.put("dlq.last.attempt.at", "2026-01-31T08:15:30.215Z");
        headers.put("dlq.worker.instance", "worker-1");
        headers.put("dlq.replay.count", "0");
        return headers;
    }

    private static Map<String, String> invalidCommand() {
        Map<String, String> headers = apiError();
        headers.remove("dlq.request.id");
        headers.remove("dlq.first.attempt.at");
        headers.remove("dlq.last.attempt.at");
        headers.put("dlq.error.kind", "INVALID_COMMAND");
        headers.put("dlq.error.code", "InvalidCommand.Schema");
        headers.put("dlq.attempts", "0");
        return headers;
    }

    private String violations(Map<String, String> base, Consumer<Map<String, String>> change) {
        change.accept(base);
        return headers.validateHeaders(base).summary();
    }

    @Test
    void completeHeadersAreValid() {
        assertThat(violations(apiError(), h -> { })).isEmpty();
        assertThat(violations(invalidCommand(), h -> { })).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dlq.original.topic", "dlq.original.partition", "dlq.original.offset", "dlq.original.timestamp",
            "dlq.consumer.group", "dlq.command.id", "dlq.error.kind", "dlq.error.code", "dlq.error.message",
            "dlq.attempts", "dlq.worker.instance", "dlq.replay.count"})
    void everyRequiredHeaderIsChecked(String name) {
        assertThat(violations(invalidCommand(), h -> h.remove(name))).isEqualTo("$['" + name + "']: is required but missing");
    }

    @Test
    void requestIdIsOptional() {
        assertThat(violations(apiError(), h -> h.remove("dlq.request.id"))).isEmpty();
    }

    @Test
    void attemptTimesComeInPairsAndAreRequiredAfterAnApiCall() {
        assertThat(violations(apiError(), h -> h.remove("dlq.last.attempt.at")))
                .contains("$['dlq.last.attempt.at']: is required when 'dlq.first.attempt.at' is present");
        assertThat(violations(apiError(), h -> {
            h.remove("dlq.first.attempt.at");
            h.remove("dlq.last.attempt.at");
        })).contains("$['dlq.first.attempt.at']: is required when dlq.error.kind is PERMANENT_API_ERROR or RETRIES_EXHAUSTED");
        assertThat(violations(apiError(), h -> h.put("dlq.attempts", "0")))
                .isEqualTo("$['dlq.attempts']: must be at least 1 when dlq.error.kind is PERMANENT_API_ERROR or RETRIES_EXHAUSTED, found \"0\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidCommand.NotJson", "InvalidCommand.NullValue", "InvalidCommand.TooLarge", "InvalidCommand.Schema"})
    void invalidCommandCodesBelongToInvalidCommand(String code) {
        assertThat(violations(invalidCommand(), h -> h.put("dlq.error.code", code))).isEmpty();
        assertThat(violations(apiError(), h -> h.put("dlq.error.code", code)))
                .isEqualTo("$['dlq.error.code']: InvalidCommand.* codes are only for dlq.error.kind INVALID_COMMAND, found \"" + code + "\"");
    }

    @Test
    void invalidCommandNeedsOneOfTheWorkersOwnCodes() {
        assertThat(violations(invalidCommand(), h -> h.put("dlq.error.code", "InvalidCommand.Unknown")))
                .startsWith("$['dlq.error.code']: must be one of [\"InvalidCommand.NotJson\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transport.Timeout", "Transport.Connect", "Transport.Io", "Transport.HttpStatus",
            "Transport.MalformedResponse", "RequestLimitExceeded", "InternalError", "FailedOperation.RequestTimeout"})
    void retriesExhaustedTakesTransportAndTencentCodes(String code) {
        assertThat(violations(apiError(), h -> {
            h.put("dlq.error.kind", "RETRIES_EXHAUSTED");
            h.put("dlq.error.code", code);
        })).isEmpty();
    }

    @Test
    void transportCodesAreAClosedList() {
        assertThat(violations(apiError(), h -> h.put("dlq.error.code", "Transport.Tls")))
                .startsWith("$['dlq.error.code']: must be one of [\"Transport.Timeout\"");
        assertThat(violations(apiError(), h -> h.put("dlq.error.code", "Request timed out")))
                .startsWith("$['dlq.error.code']: must be an error code like AuthFailure.UnauthorizedOperation");
    }

    @Test
    void numbersAreDecimalStrings() {
        assertThat(violations(apiError(), h -> h.put("dlq.original.partition", "-1")))
                .isEqualTo("$['dlq.original.partition']: must be a non-negative decimal integer without leading zeros, found \"-1\"");
        assertThat(violations(apiError(), h -> h.put("dlq.original.offset", "1e3")))
                .startsWith("$['dlq.original.offset']: must be a non-negative decimal integer");
        assertThat(violations(apiError(), h -> h.put("dlq.replay.count", " 1")))
                .startsWith("$['dlq.replay.count']: must be a non-negative decimal integer");
        assertThat(violations(apiError(), h -> h.put("dlq.original.timestamp", "-1"))).isEmpty();
        assertThat(violations(apiError(), h -> h.put("dlq.original.timestamp", "2026-01-31T08:15:30Z")))
                .startsWith("$['dlq.original.timestamp']: must be epoch milliseconds");
        assertThat(violations(apiError(), h -> h.put("dlq.original.offset", "9223372036854775807"))).isEmpty();
    }

    @Test
    void attemptTimesAreUtcInstants() {
        assertThat(violations(apiError(), h -> h.put("dlq.last.attempt.at", "2026-01-31T08:15:30Z"))).isEmpty();
        assertThat(violations(apiError(), h -> h.put("dlq.last.attempt.at", "2026-01-31T08:15:30.123456789Z"))).isEmpty();
        assertThat(violations(apiError(), h -> h.put("dlq.last.attempt.at", "2026-13-31T08:15:30Z")))
                .startsWith("$['dlq.last.attempt.at']: must be an RFC 3339 date-time");
        assertThat(violations(apiError(), h -> h.put("dlq.last.attempt.at", "1769847330199")))
                .contains("$['dlq.last.attempt.at']: must be a UTC instant like 2026-01-31T08:15:30.123Z");
    }

    @Test
    void otherHeadersAreAllowed() {
        assertThat(violations(invalidCommand(), h -> h.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))).isEmpty();
    }

    @Test
    void valuesMustNotBeEmptyWhereTheyNameSomething() {
        assertThat(violations(apiError(), h -> h.put("dlq.consumer.group", ""))).isEqualTo("$['dlq.consumer.group']: must not be empty");
        assertThat(violations(apiError(), h -> h.put("dlq.original.topic", "")))
                .startsWith("$['dlq.original.topic']: must be a Kafka topic name");
    }
}
