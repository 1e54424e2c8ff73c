package io.trtcstop.worker.command;

import io.trtcstop.worker.trtc.Region;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A typed check that recognises the everyday stop command, so the decoder can skip the JSON Schema for it (the
 * schema validator was 3-4% of the worker's CPU at 0 ms API latency). It proves validity only: it accepts a
 * strict subset of what the schema accepts and refuses anything unusual (a TaskId with anything but printable
 * ASCII, a date-time in a rarer RFC 3339 form, ...), which then goes through the schema,
 * so every invalid command is still judged and worded by the schema alone. {@code PlainCommandTest} checks the
 * subset against the schema itself.
 */
final class PlainCommand {

    /** Bounds in chars: a string of 1..256 chars has 1..256 code points, which is what the schema counts. */
    private static final int MAX_CHARS = 256;
    private static final long MAX_SDK_APP_ID = 4_294_967_295L;
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private PlainCommand() {
    }

    static boolean isPlainlyValid(JsonNode doc) {
        return doc.isObject()
                && sdkAppId(doc.get("SdkAppId"))
                && taskId(doc.get("TaskId"))
                && region(doc.get("Region"))
                && roomId(doc.get("RoomId"))
                && (absent(doc.get("CommandId")) || boundedString(doc.get("CommandId")))
                && requestedAt(doc.get("RequestedAt"));
    }

    private static boolean sdkAppId(JsonNode node) {
        // Integral nodes are integer literals: the reader keeps 1.0 and 1e9 as decimals.
        return node != null && node.isIntegralNumber() && node.canConvertToLong()
                && node.longValue() >= 1 && node.longValue() <= MAX_SDK_APP_ID;
    }

    private static boolean taskId(JsonNode node) {
        if (!boundedString(node)) {
            return false;
        }
        String value = node.stringValue();
        // The schema's rule itself: printable ASCII without spaces, every character.
        for (int i = 0; i < value.length(); i++) {
            if (!printableAscii(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean region(JsonNode node) {
        return absent(node) || node.isString() && Region.find(node.stringValue()).isPresent();
    }

    private static boolean roomId(JsonNode node) {
        return absent(node) || node.isString() || node.isIntegralNumber();
    }

    private static boolean requestedAt(JsonNode node) {
        if (absent(node)) {
            return true;
        }
        if (!node.isString() || !DATE_TIME.matcher(node.stringValue()).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(node.stringValue()); // ranges: month 13, day 32, hour 24, second 60, offset 19 h
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean boundedString(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isEmpty()
                && node.stringValue().length() <= MAX_CHARS;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static boolean printableAscii(char c) {
        return c > ' ' && c < 0x7f;
    }
}
