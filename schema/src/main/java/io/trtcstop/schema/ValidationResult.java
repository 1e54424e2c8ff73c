package io.trtcstop.schema;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The verdict on one document.
 *
 * @param document   the parsed document, so that callers need not parse twice; {@code null} when the
 *                   input was null or not JSON
 * @param violations every violation found, in the order the validator found them; empty when valid
 */
public record ValidationResult(JsonNode document, List<Violation> violations) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    static ValidationResult valid(JsonNode document) {
        return new ValidationResult(document, List.of());
    }

    static ValidationResult unparseable(String message) {
        return new ValidationResult(null, List.of(new Violation("$", message)));
    }

    public boolean valid() {
        return violations.isEmpty();
    }

    /** All violations joined with {@code "; "}, e.g. for a dead-letter header or a log line; empty when valid. */
    public String summary() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
