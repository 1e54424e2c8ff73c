package io.trtcstop.emulator;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One request to the API endpoint as received: the parts the checks look at, and the body parsed once.
 *
 * @param json the body as JSON, or empty when it is not JSON (that becomes {@code InvalidParameter} once the
 *             request has passed the checks that come before the body's)
 */
record ApiCall(String method, String path, String rawQuery, Headers headers, byte[] body, Optional<JsonNode> json) {

    static final String ACTION_HEADER = "X-TC-Action";
    static final String DELETE_ACTION = "DeleteCloudTranscription";

    /** The header's value as a server sees it: all occurrences joined by ',' and trimmed; null when absent. */
    String header(String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return String.join(",", values).strip();
    }

    String action() {
        return header(ACTION_HEADER);
    }

    /** A bounded, printable name for the statistics, whatever a client put in X-TC-Action. */
    String actionLabel() {
        String action = action();
        if (action == null || action.isEmpty()) {
            return "(none)";
        }
        return action.matches("[A-Za-z0-9]{1,64}") ? action : "(invalid)";
    }

    /**
     * The TaskId of a stop call, read before any check so that concurrency is observed from the moment the call
     * arrives (whether or not it turns out to be valid).
     */
    Optional<String> stopTaskId() {
        if (!DELETE_ACTION.equals(action())) {
            return Optional.empty();
        }
        return json.map(body -> body.get("TaskId"))
                .filter(JsonNode::isString)
                .map(JsonNode::stringValue);
    }

    boolean hasJsonContentType() {
        String contentType = header("Content-Type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals("application/json");
    }
}
