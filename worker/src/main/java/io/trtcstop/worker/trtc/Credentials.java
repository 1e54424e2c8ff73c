package io.trtcstop.worker.trtc;

import java.util.Objects;

/**
 * A Tencent Cloud API key pair, optionally with the session token of temporary (STS) credentials.
 *
 * <p>{@link #toString()} shows only the start of the SecretId and never the key or the token, so a
 * {@code Credentials} can be logged or put in an error by mistake without leaking anything.
 *
 * @param secretId     the SecretId (sent in the Authorization header)
 * @param secretKey    the SecretKey (only ever used as HMAC key material)
 * @param sessionToken the STS session token sent as {@code X-TC-Token}, or {@code null}; blank means none
 */
public record Credentials(String secretId, String secretKey, String sessionToken) {

    private static final int VISIBLE_ID_CHARS = 4;

    public Credentials {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(secretKey, "secretKey");
        // Values end up in HTTP headers or HMAC keys: a stray newline or space from a file or an
        // environment variable would break every signature, so refuse it here with a clear message
        // (which names the field, never its value).
        requireToken(secretId, "secretId");
        requireToken(secretKey, "secretKey");
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
        if (sessionToken != null) {
            requireToken(sessionToken, "sessionToken");
        }
    }

    /** Long-term credentials without a session token. */
    public static Credentials of(String secretId, String secretKey) {
        return new Credentials(secretId, secretKey, null);
    }

    public boolean hasSessionToken() {
        return sessionToken != null;
    }

    /** The SecretId cut to its first characters, safe for logs. */
    public String maskedSecretId() {
        return maskSecretId(secretId);
    }

    /** The one masking rule for a SecretId wherever it is shown (credentials, printed configuration). */
    public static String maskSecretId(String secretId) {
        return secretId.length() <= VISIBLE_ID_CHARS
                ? "…"
                : secretId.substring(0, VISIBLE_ID_CHARS) + "…";
    }

    @Override
    public String toString() {
        return "Credentials[secretId=" + maskedSecretId()
                + ", secretKey=***"
                + ", sessionToken=" + (sessionToken == null ? "none" : "***") + "]";
    }

    private static void requireToken(String value, String field) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(field + " must be printable ASCII without spaces"
                        + " (found a disallowed character at index " + i + ")");
            }
        }
    }
}
