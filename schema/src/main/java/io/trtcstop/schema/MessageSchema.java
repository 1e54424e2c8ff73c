package io.trtcstop.schema;

/**
 * The messages the worker reads or writes, each with its JSON Schema (2020-12) on the classpath.
 * The files under {@code src/main/resources/io/trtcstop/schema/} are the single source of truth.
 */
public enum MessageSchema {
    /** A stop command read from the command topic. */
    STOP_COMMAND_V1("stop-command.v1.schema.json"),
    /** The outcome event written for every command record. */
    OUTCOME_EVENT_V1("outcome-event.v1.schema.json"),
    /** The headers of a dead-letter record, as an object from header name to string value. */
    DEAD_LETTER_HEADERS_V1("dead-letter-headers.v1.schema.json");

    private static final String RESOURCE_DIRECTORY = "io/trtcstop/schema/";

    private final String fileName;

    MessageSchema(String fileName) {
        this.fileName = fileName;
    }

    /** The schema's file name, e.g. {@code stop-command.v1.schema.json}. */
    public String fileName() {
        return fileName;
    }

    /** The classpath resource path (no leading slash), usable with {@link ClassLoader#getResource(String)}. */
    public String resourcePath() {
        return RESOURCE_DIRECTORY + fileName;
    }
}
