package io.trtcstop.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks documents against one {@link MessageSchema}. Each schema is compiled once per JVM;
 * {@link #of} returns the shared instance, which any number of threads may use at once.
 * No method throws on bad input: everything wrong is reported as a {@link Violation}.
 */
public final class SchemaValidator {

    private static final Map<MessageSchema, SchemaValidator> INSTANCES = new ConcurrentHashMap<>();

    private final MessageSchema messageSchema;
    private final Schema schema;

    private SchemaValidator(MessageSchema messageSchema, Schema schema) {
        this.messageSchema = messageSchema;
        this.schema = schema;
    }

    /**
     * The validator for {@code messageSchema}, compiled on first use.
     *
     * @throws IllegalStateException if the schema file is missing or broken (a packaging error)
     */
    public static SchemaValidator of(MessageSchema messageSchema) {
        Objects.requireNonNull(messageSchema, "messageSchema");
        return INSTANCES.computeIfAbsent(messageSchema,
                schema -> new SchemaValidator(schema, SchemaCompiler.compile(schema)));
    }

    public MessageSchema messageSchema() {
        return messageSchema;
    }

    /**
     * Parses and validates a message value. {@code null} (a Kafka tombstone) is reported as
     * {@code "$: value is null"}; empty input, malformed JSON, trailing content and duplicate field
     * names as {@code "$: not JSON: ..."} with line and column. The parsed document is returned in
     * the result so the caller does not parse twice.
     */
    public ValidationResult validate(byte[] utf8Json) {
        return validate(utf8Json, document -> false);
    }

    /**
     * Like {@link #validate(byte[])}, but a parsed document that {@code provablyValid} accepts is reported valid
     * without running the schema. For a caller on a hot path with a cheap typed check that accepts only documents
     * the schema accepts (its tests must show that) and may refuse any it likes: every document it refuses is
     * validated in full, so violations are found and worded exactly as by {@link #validate(byte[])}.
     */
    public ValidationResult validate(byte[] utf8Json, Predicate<JsonNode> provablyValid) {
        Objects.requireNonNull(provablyValid, "provablyValid");
        if (utf8Json == null) {
            return ValidationResult.unparseable("value is null");
        }
        return switch (StrictJsonReader.read(utf8Json)) {
            case StrictJsonReader.Document document -> provablyValid.test(document.node())
                    ? ValidationResult.valid(document.node())
                    : validate(document.node());
            case StrictJsonReader.NotJson notJson -> ValidationResult.unparseable(notJson.reason());
        };
    }

    /** Validates an already parsed document, e.g. an outcome event before it is written. */
    public ValidationResult validate(JsonNode document) {
        if (document == null) {
            return ValidationResult.unparseable("value is null");
        }
        if (document.isMissingNode()) {
            return ValidationResult.unparseable("not JSON: empty input");
        }
        List<Error> errors;
        try {
            errors = schema.validate(document);
        } catch (RuntimeException e) {
            // A validator must never take the worker down; a document it cannot judge is not valid.
            return new ValidationResult(document, List.of(new Violation("$",
                    "could not be validated: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        if (errors.isEmpty()) {
            return ValidationResult.valid(document);
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(ViolationWording.of(error));
        }
        return new ValidationResult(document, violations);
    }

    /**
     * Validates message headers given as header name to UTF-8 decoded value, as the
     * {@link MessageSchema#DEAD_LETTER_HEADERS_V1} schema describes them. When Kafka headers repeat
     * a name, pass the last value (the one {@code Headers.lastHeader} returns). A null value is
     * reported at its header's path; a null name is reported at the root.
     */
    public ValidationResult validateHeaders(Map<String, String> headers) {
        if (headers == null) {
            return ValidationResult.unparseable("value is null");
        }
        ObjectNode document = StrictJsonReader.MAPPER.createObjectNode();
        boolean nullName = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() == null) {
                nullName = true;
            } else {
                document.put(header.getKey(), header.getValue());
            }
        }
        ValidationResult result = validate(document);
        if (!nullName) {
            return result;
        }
        List<Violation> violations = new ArrayList<>(result.violations());
        violations.add(new Violation("$", "has a header with a null name"));
        return new ValidationResult(document, violations);
    }

    @Override
    public String toString() {
        return "SchemaValidator[" + messageSchema.resourcePath() + "]";
    }
}
