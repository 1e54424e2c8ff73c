package io.trtcstop.worker.command;

import io.trtcstop.schema.MessageSchema;
import io.trtcstop.schema.SchemaValidator;
import io.trtcstop.schema.ValidationResult;
import io.trtcstop.worker.trtc.Region;
import tools.jackson.databind.JsonNode;

/**
 * Turns a record value into a {@link StopCommand}, or says precisely why it cannot be one.
 * The JSON Schema in the {@code schema} module is the single source of truth for what is valid;
 * this class only adds the checks a schema cannot make (size, null) and maps the document to a record.
 * The everyday command that {@link PlainCommand} recognises skips the schema run (it proves validity only).
 */
public final class CommandDecoder {

    public static final String NULL_VALUE = "InvalidCommand.NullValue";
    public static final String TOO_LARGE = "InvalidCommand.TooLarge";
    public static final String NOT_JSON = "InvalidCommand.NotJson";
    public static final String SCHEMA = "InvalidCommand.Schema";

    private final SchemaValidator validator = SchemaValidator.of(MessageSchema.STOP_COMMAND_V1);
    private final int maxBytes;
    private final Region defaultRegion;

    public CommandDecoder(int maxBytes, Region defaultRegion) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.defaultRegion = defaultRegion;
    }

    public DecodedCommand decode(byte[] value) {
        if (value == null) {
            return DecodedCommand.invalid(NULL_VALUE, "record value is null (a tombstone is not a stop command)");
        }
        if (value.length > maxBytes) {
            return DecodedCommand.invalid(TOO_LARGE,
                    "record value is " + value.length + " bytes, more than the limit of " + maxBytes);
        }
        ValidationResult result = validator.validate(value, PlainCommand::isPlainlyValid);
        if (result.document() == null) {
            return DecodedCommand.invalid(NOT_JSON, result.summary());
        }
        if (!result.valid()) {
            return DecodedCommand.invalid(SCHEMA, result.summary());
        }
        return new DecodedCommand.Valid(toCommand(result.document()));
    }

    private StopCommand toCommand(JsonNode doc) {
        Region region = doc.hasNonNull("Region") ? Region.parse(doc.get("Region").asString()) : defaultRegion;
        return new StopCommand(
                doc.get("SdkAppId").asLong(),
                doc.get("TaskId").asString(),
                region,
                textOrNull(doc, "RoomId"),
                textOrNull(doc, "CommandId"),
                textOrNull(doc, "RequestedAt"));
    }

    private static String textOrNull(JsonNode doc, String field) {
        JsonNode node = doc.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        // RoomId may be numeric; keep its JSON text either way.
        return node.isString() ? node.asString() : node.toString();
    }
}
