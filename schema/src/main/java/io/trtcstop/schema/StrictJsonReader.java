package io.trtcstop.schema;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses message bytes as exactly one strict JSON document: UTF-8, no trailing content, no duplicate
 * names (two values for one field would let the worker and another reader disagree on the command).
 * Floating-point numbers keep their written form, so a violation can quote {@code 1400000000.0} as sent.
 */
final class StrictJsonReader {

    /** Thread-safe once built; shared by every validator. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Bound of the parser's own message in a violation: it can quote a field name of any length. */
    static final int MAX_MESSAGE_CHARS = 200;

    private StrictJsonReader() {
    }

    /** What reading produced: a document, or why there is none. */
    sealed interface Reading permits Document, NotJson {
    }

    record Document(JsonNode node) implements Reading {
    }

    record NotJson(String reason) implements Reading {
    }

    static Reading read(byte[] utf8Json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(utf8Json);
        } catch (JacksonException e) {
            // The parser's message may quote the input (a duplicate field name of any length and content).
            return new NotJson("not JSON: " + PrintableText.escape(firstLine(e.getOriginalMessage()), MAX_MESSAGE_CHARS)
                    + at(e.getLocation()));
        }
        if (node == null || node.isMissingNode()) {
            return new NotJson("not JSON: empty input");
        }
        return new Document(node);
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
