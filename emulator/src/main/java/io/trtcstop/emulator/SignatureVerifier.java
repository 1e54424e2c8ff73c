package io.trtcstop.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Checks a request's TC3-HMAC-SHA256 signature the way the API does: from the headers actually received for
 * whatever SignedHeaders lists, the exact body bytes, and the configured secret key; then the timestamp and the
 * session token.
 */
final class SignatureVerifier {

    static final long MAX_CLOCK_SKEW_SECONDS = 300;
    static final String SERVICE = "trtc";

    private final Credentials credentials;
    private final Clock clock;

    SignatureVerifier(Credentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    void verify(ApiCall call) {
        Tc3Authorization authorization = Tc3Authorization.parse(call.header("Authorization"));
        if (!authorization.secretId().equals(credentials.secretId())) {
            throw new ApiError(ApiError.SECRET_ID_NOT_FOUND,
                    "The SecretId '" + authorization.secretId() + "' is not found, please ensure that your "
                            + "SecretId is correct.");
        }
        long timestamp = timestamp(call);
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
            throw new ApiError(ApiError.SIGNATURE_EXPIRE,
                    "Signature expired, timestamp is " + timestamp + ", server time is " + now
                            + ": they may differ by at most " + MAX_CLOCK_SKEW_SECONDS + " seconds.");
        }
        String expectedDate = Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        if (!authorization.date().equals(expectedDate)) {
            throw new ApiError(ApiError.SIGNATURE_FAILURE,
                    "The credential scope date " + authorization.date() + " is not the UTC date of X-TC-Timestamp "
                            + timestamp + " (" + expectedDate + ").");
        }
        if (!SERVICE.equals(authorization.service())) {
            throw new ApiError(ApiError.SIGNATURE_FAILURE,
                    "The credential scope service is '" + authorization.service() + "' but this endpoint is '"
                            + SERVICE + "'.");
        }
        String canonicalRequest = Tc3Signer.canonicalRequest(call.method(), "/",
                call.rawQuery() == null ? "" : call.rawQuery(), canonicalHeaders(authorization, call),
                authorization.signedHeadersValue(), Tc3Signer.sha256Hex(call.body()));
        String stringToSign = Tc3Signer.stringToSign(timestamp, authorization.credentialScope(), canonicalRequest);
        String expected = Tc3Signer.signature(
                Tc3Signer.signingKey(credentials.secretKey(), authorization.date(), authorization.service()),
                stringToSign);
        if (!constantTimeEquals(expected, authorization.signature())) {
            throw new ApiError(ApiError.SIGNATURE_FAILURE,
                    "The provided credentials could not be validated. Please check your signature is correct. "
                            + "Canonical request built from what was received: "
                            + canonicalRequest.replace("\n", "\\n"));
        }
        verifyToken(call.header("X-TC-Token"));
    }

    private static long timestamp(ApiCall call) {
        String value = call.header("X-TC-Timestamp");
        if (value == null || !value.matches("[0-9]{1,12}")) {
            throw new ApiError(ApiError.SIGNATURE_FAILURE,
                    "X-TC-Timestamp must be the request time in Unix seconds but was "
                            + (value == null ? "missing" : "'" + value + "'") + ".");
        }
        return Long.parseLong(value);
    }

    private static String canonicalHeaders(Tc3Authorization authorization, ApiCall call) {
        StringBuilder lines = new StringBuilder();
        for (String name : authorization.signedHeaders()) {
            String value = call.header(name);
            if (value == null) {
                throw new ApiError(ApiError.SIGNATURE_FAILURE,
                        "SignedHeaders lists '" + name + "' but the request has no such header.");
            }
            // The API signs the action name in lower case; every other value as sent, trimmed.
            if (name.equals("x-tc-action")) {
                value = value.toLowerCase(Locale.ROOT);
            }
            lines.append(name).append(':').append(value).append('\n');
        }
        return lines.toString();
    }

    private void verifyToken(String token) {
        boolean sent = token != null && !token.isEmpty();
        if (!credentials.hasSessionToken()) {
            if (sent) {
                throw new ApiError(ApiError.TOKEN_FAILURE,
                        "X-TC-Token was sent but these credentials are permanent keys that take no session token.");
            }
            return;
        }
        if (!sent) {
            throw new ApiError(ApiError.TOKEN_FAILURE,
                    "These credentials are temporary: the request must carry their session token in X-TC-Token.");
        }
        if (!constantTimeEquals(credentials.sessionToken(), token)) {
            throw new ApiError(ApiError.TOKEN_FAILURE, "The session token in X-TC-Token is invalid or expired.");
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
