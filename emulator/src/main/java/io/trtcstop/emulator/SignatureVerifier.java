package io.trtcstop.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Checks a request's TC3-HMAC-SHA256 signature the way the API does: from the headers actually received for
 * whatever SignedHeaders lists, the exact body bytes, and the secret key of the SecretId in the key ring; then
 * the timestamp and the session token (and, for temporary keys, their expiry).
 */
final class SignatureVerifier {

    static final long MAX_CLOCK_SKEW_SECONDS = 300;
    static final String SERVICE = "trtc";

    private final KeyRing keys;
    private final Clock clock;

    SignatureVerifier(KeyRing keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Checks the call's signature; returns the SecretId that signed it. */
    String verify(ApiCall call) {
        Tc3Authorization authorization = Tc3Authorization.parse(call.header("Authorization"));
        KeyRing.Key credentials = keys.find(authorization.secretId());
        if (credentials == null) {
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
        verifyToken(credentials, call.header("X-TC-Token"));
        return credentials.secretId();
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
            // The documented rule: values lower-cased and trimmed. So a Host sent as TRTC.Ap-Guangzhou.TencentCloudAPI.com
            // verifies, as it does at the real API (host names are case-insensitive).
            lines.append(name).append(':').append(value.strip().toLowerCase(Locale.ROOT)).append('\n');
        }
        return lines.toString();
    }

    private void verifyToken(KeyRing.Key credentials, String token) {
        boolean sent = token != null && !token.isEmpty();
        if (credentials.sessionToken() == null) {
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
        if (credentials.expiredAt(clock.instant())) {
            throw new ApiError(ApiError.TOKEN_FAILURE, "The temporary credentials of SecretId " + credentials.secretId()
                    + " expired at " + credentials.expiresAt() + ".");
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
