package io.trtcstop.schema;

import java.util.Objects;

/**
 * One way a document breaks its schema.
 *
 * @param path    where, as a JSON path: {@code $} for the root, {@code $.SdkAppId},
 *                {@code $['dlq.error.code']} for names that are not plain identifiers
 * @param message what is wrong, in words, e.g. {@code must be at most 4294967295, found 4294967296}
 */
public record Violation(String path, String message) {

    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
