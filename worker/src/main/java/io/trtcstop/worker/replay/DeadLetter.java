package io.trtcstop.worker.replay;

import io.trtcstop.worker.outcome.DeadLetterHeaders;
import io.trtcstop.worker.outcome.ReplayCount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One record of the dead-letter topic, read through the header contract ({@code schema/README.md}). Missing or
 * unreadable headers never fail the tool: such a record is shown and filtered like any other, with "(none)".
 */
public record DeadLetter(DeadLetterCoordinates at, Instant time, byte[] key, byte[] value, Headers headers) {

    public static final String NONE = "(none)";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetter(new DeadLetterCoordinates(r.topic(), r.partition(), r.offset()),
                Instant.ofEpochMilli(r.timestamp()), r.key(), r.value(), r.headers());
    }

    public String kind() {
        return header(DeadLetterHeaders.ERROR_KIND, NONE);
    }

    public String code() {
        return header(DeadLetterHeaders.ERROR_CODE, NONE);
    }

    /** Replays so far; a missing count is 0, a forged or malformed one 0 and suspect ({@link ReplayCount}). */
    public ReplayCount replays() {
        return ReplayCount.of(headers);
    }

    /** Replays so far, as {@link #replays()} reads them. */
    public int replayCount() {
        return replays().value();
    }

    /** The worker left the value out because it did not fit the dead-letter topic. */
    public boolean valueOmitted() {
        return "true".equals(header(DeadLetterHeaders.VALUE_OMITTED, null));
    }

    public boolean isInvalidCommand() {
        return ErrorKinds.INVALID_COMMAND.equals(kind());
    }

    /** The command's SdkAppId, or null when the value is not a command that has one. */
    public Long sdkAppId() {
        JsonNode v = command().get("SdkAppId");
        return v != null && v.isIntegralNumber() ? v.asLong() : null;
    }

    /** The command's TaskId, or null. */
    public String taskId() {
        JsonNode v = command().get("TaskId");
        return v != null && v.isString() ? v.asString() : null;
    }

    /** Every header as text, in record order (a repeated name keeps its last value). */
    public Map<String, String> headerText() {
        Map<String, String> text = new LinkedHashMap<>();
        for (Header h : headers) {
            text.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return text;
    }

    private String header(String name, String fallback) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null || h.value().length == 0) {
            return fallback;
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private JsonNode command() {
        if (value == null) {
            return JSON.missingNode();
        }
        try {
            JsonNode node = JSON.readTree(value);
            return node != null && node.isObject() ? node : JSON.missingNode();
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }
}
