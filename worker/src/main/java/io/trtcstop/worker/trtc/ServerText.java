package io.trtcstop.worker.trtc;

import java.nio.charset.StandardCharsets;

/**
 * Turns text that came from the network (error messages, response bodies, exception messages) into a
 * short single-line excerpt that is safe to log: control characters flattened, length capped, and any
 * occurrence of the caller's secret key or session token blanked, in case something on the way echoes
 * a request back.
 */
final class ServerText {

    static final int BODY_EXCERPT_CHARS = 200;
    static final int MESSAGE_CHARS = 500;
    private static final int MAX_DECODED_BYTES = 4096;
    private static final String REDACTED = "***";

    private ServerText() {
    }

    static String excerpt(String text, int maxChars, Credentials credentials) {
        if (text == null) {
            return "";
        }
        String clean = text;
        if (credentials != null) {
            clean = clean.replace(credentials.secretKey(), REDACTED);
            if (credentials.sessionToken() != null) {
                clean = clean.replace(credentials.sessionToken(), REDACTED);
            }
        }
        clean = clean.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > maxChars ? clean.substring(0, maxChars) + "…" : clean;
    }

    static String bodyExcerpt(byte[] body, Credentials credentials) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        // Decode a bounded prefix only; a secret cut at that boundary would be cut again by the excerpt length.
        int length = Math.min(body.length, MAX_DECODED_BYTES);
        return excerpt(new String(body, 0, length, StandardCharsets.UTF_8), BODY_EXCERPT_CHARS, credentials);
    }
}
