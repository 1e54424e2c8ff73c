package io.trtcstop.worker.trtc;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the HTTP answer to {@code DeleteCloudTranscription}: a 200 with
 * {@code {"Response":{"TaskId":..,"RequestId":..}}} or {@code {"Response":{"Error":{"Code":..,"Message":..},"RequestId":..}}}.
 * Anything else (another status, another shape) is a {@code Transport.*} failure.
 */
final class DeleteResponseParser {

    static final String HTTP_STATUS = "Transport.HttpStatus";
    static final String MALFORMED_RESPONSE = "Transport.MalformedResponse";

    /** Tencent's codes are dotted words; anything else is not an API answer (and unsafe to log verbatim). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DeleteResponseParser() {
    }

    /**
     * @param requestedTaskId the TaskId we asked to stop, reported when the answer does not repeat it
     * @param credentials     the secrets to blank out of any server text we quote
     */
    static DeleteResult parse(int statusCode, byte[] body, String requestedTaskId, Credentials credentials) {
        if (statusCode != 200) {
            return transport(HTTP_STATUS, "HTTP " + statusCode + ": " + ServerText.bodyExcerpt(body, credentials), null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return malformed("response is not JSON", body, credentials, null);
        }
        JsonNode response = root == null ? null : root.get("Response");
        if (response == null || !response.isObject()) {
            return malformed("response has no Response object", body, credentials, null);
        }
        String answeredId = nonBlankString(response.get("RequestId"));
        String requestId = RequestIds.accepted(answeredId); // copied into outcomes and dead letters: the API's UUIDs only
        JsonNode error = response.get("Error");
        if (error != null) {
            return error(error, requestId, body, credentials);
        }
        if (answeredId == null) {
            return malformed("success response without RequestId", body, credentials, null);
        }
        JsonNode taskId = response.get("TaskId");
        if (taskId != null && !taskId.isString()) {
            return malformed("success response with a TaskId that is not a string", body, credentials, requestId);
        }
        return new DeleteResult.Stopped(taskId == null ? requestedTaskId : taskId.stringValue(), requestId);
    }

    private static DeleteResult error(JsonNode error, String requestId, byte[] body, Credentials credentials) {
        String code = error.isObject() ? nonBlankString(error.get("Code")) : null;
        if (code == null) {
            return malformed("Error without a Code", body, credentials, requestId);
        }
        if (!CODE.matcher(code).matches()) {
            return malformed("Error with a Code that is not an error code", body, credentials, requestId);
        }
        JsonNode messageNode = error.get("Message");
        String message = ServerText.excerpt(messageNode != null && messageNode.isString() ? messageNode.stringValue() : "",
                ServerText.MESSAGE_CHARS, credentials);
        if (ErrorClassifier.isAlreadyStopped(code)) {
            // The other "task is gone" codes keep their name in the message: operators search for codes.
            return new DeleteResult.AlreadyStopped(requestId,
                    code.equals(ErrorClassifier.RESOURCE_NOT_FOUND) ? message : code + ": " + message);
        }
        // The code is kept verbatim (it decides retries and is what operators search for); only the
        // message is server prose that needs cleaning.
        return new DeleteResult.Failed(code, message, requestId, ErrorClassifier.classify(code));
    }

    private static DeleteResult.Failed malformed(String problem, byte[] body, Credentials credentials, String requestId) {
        return transport(MALFORMED_RESPONSE, problem + ": " + ServerText.bodyExcerpt(body, credentials), requestId);
    }

    private static DeleteResult.Failed transport(String code, String message, String requestId) {
        return new DeleteResult.Failed(code, message, requestId, ErrorClassifier.classify(code));
    }

    private static String nonBlankString(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isBlank() ? node.stringValue() : null;
    }
}
