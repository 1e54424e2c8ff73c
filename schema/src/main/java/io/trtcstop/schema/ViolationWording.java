package io.trtcstop.schema;

import com.networknt.schema.Error;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Words a library error as a {@link Violation}: the path names the offending field itself (a missing
 * field is reported at its own path, not at its parent's), and the message quotes the offending value
 * where that helps an operator reading a dead letter.
 */
final class ViolationWording {

    /** Keywords whose message reads better with the value that broke them: {@code ..., found 0}. */
    private static final Set<String> VALUE_KEYWORDS = Set.of(
            "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "format", "pattern", "not", IntegerLiteralKeyword.NAME);

    private static final int MAX_QUOTED_CHARS = 80;

    private ViolationWording() {
    }

    static Violation of(Error error) {
        return new Violation(path(error), message(error));
    }

    private static String path(Error error) {
        String missing = switch (error.getKeyword()) {
            case "required" -> error.getProperty();
            case "dependentRequired" -> String.valueOf(error.getArguments()[0]);
            default -> null;
        };
        return missing == null
                ? error.getInstanceLocation().toString()
                : error.getInstanceLocation().append(missing).toString();
    }

    private static String message(Error error) {
        String message = error.getMessage();
        JsonNode value = error.getInstanceNode();
        String keyword = error.getKeyword();
        if (error.isCustomMessage()) {
            return VALUE_KEYWORDS.contains(keyword) ? message + found(value) : message;
        }
        return switch (keyword) {
            case "minLength" -> "1".equals(String.valueOf(error.getArguments()[0])) ? "must not be empty" : message;
            case "maxLength" -> value != null && value.isString()
                    ? message + ", found " + codePoints(value.asString()) + " characters"
                    : message;
            case "type" -> value != null && value.isValueNode() && !value.isNull() ? message + " " + quote(value) : message;
            default -> VALUE_KEYWORDS.contains(keyword) ? message + found(value) : message;
        };
    }

    private static String found(JsonNode value) {
        return value != null && value.isValueNode() ? ", found " + quote(value) : "";
    }

    /**
     * The value as JSON text with what JSON leaves raw (U+2028, bidi and other format characters, C1 controls)
     * escaped too, cut short so one huge field cannot flood a header or a log line.
     */
    private static String quote(JsonNode value) {
        return PrintableText.escape(value.toString(), MAX_QUOTED_CHARS);
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }
}
