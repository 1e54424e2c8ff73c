package io.trtcstop.worker.trtc;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256) for {@code POST /} requests. Pure: no I/O,
 * no clock; the caller passes the timestamp it also sends as {@code X-TC-Timestamp}.
 */
public final class Tc3Signer {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    private static final String TERMINATOR = "tc3_request";
    /** 9999-12-31T23:59:59Z: the last second whose date still formats as yyyy-MM-dd. */
    private static final long MAX_TIMESTAMP = 253_402_300_799L;
    private static final HexFormat HEX = HexFormat.of();

    private Tc3Signer() {
    }

    /**
     * Signs a {@code POST /} request.
     *
     * @param secretId    goes into the credential of the Authorization header
     * @param secretKey   the HMAC key material; never part of the result
     * @param service     the credential scope's service, e.g. {@code trtc}
     * @param host        the Host header exactly as sent (with {@code :port} when it has one)
     * @param action      the {@code X-TC-Action} value to sign as well, or {@code null} to sign only
     *                    {@code content-type;host}
     * @param contentType the Content-Type header exactly as sent
     * @param body        the request body bytes
     * @param timestamp   the {@code X-TC-Timestamp} value, Unix seconds; its UTC date is the scope's date
     */
    public static Tc3Signature sign(String secretId, String secretKey, String service, String host,
                                    String action, String contentType, byte[] body, long timestamp) {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        checkTimestamp(timestamp);

        String signedHeaders = signedHeaders(action);
        String canonicalRequest = canonicalRequestPrefix(host, action, contentType) + sha256Hex(body);
        String hashedCanonicalRequest = sha256Hex(canonicalRequest);

        String date = date(timestamp);
        String credentialScope = credentialScope(date, service);
        String stringToSign = stringToSign(timestamp, credentialScope, hashedCanonicalRequest);

        byte[] secretDate = hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmacSha256(secretDate, service);
        byte[] secretSigning = hmacSha256(secretService, TERMINATOR);
        String signature = HEX.formatHex(hmacSha256(secretSigning, stringToSign));

        return new Tc3Signature(authorization(secretId, credentialScope, signedHeaders, signature), signedHeaders,
                date, credentialScope, canonicalRequest, hashedCanonicalRequest, stringToSign,
                HEX.formatHex(secretDate), HEX.formatHex(secretService), HEX.formatHex(secretSigning), signature);
    }

    // The steps below are shared with Tc3RequestSigner, the lean path requests are signed with, so that the
    // published vectors checked through sign(...) check the bytes it sends as well.

    static String signedHeaders(String action) {
        return action == null ? "content-type;host" : "content-type;host;x-tc-action";
    }

    /** The canonical request up to (without) the hex SHA-256 of the body, which is its last line. */
    static String canonicalRequestPrefix(String host, String action, String contentType) {
        String canonicalHeaders = "content-type:" + canonicalValue(contentType) + "\n"
                + "host:" + canonicalValue(host) + "\n"
                + (action == null ? "" : "x-tc-action:" + canonicalValue(action) + "\n");
        return "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders(action) + "\n";
    }

    /** The UTC date of the timestamp, yyyy-MM-dd: the credential scope's date. */
    static String date(long timestamp) {
        checkTimestamp(timestamp);
        return LocalDate.ofInstant(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC).toString();
    }

    static void checkTimestamp(long timestamp) {
        if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp out of range: " + timestamp);
        }
    }

    static String credentialScope(String date, String service) {
        return date + "/" + service + "/" + TERMINATOR;
    }

    static String stringToSign(long timestamp, String credentialScope, String hashedCanonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + hashedCanonicalRequest;
    }

    /** The last key of the chain: it signs every request of one (secret key, date, service). */
    static byte[] signingKey(String secretKey, String date, String service) {
        byte[] secretDate = hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        return hmacSha256(hmacSha256(secretDate, service), TERMINATOR);
    }

    static String authorization(String secretId, String credentialScope, String signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + credentialScope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Lowercase hex SHA-256 of the string's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of the message's UTF-8 bytes. */
    public static byte[] hmacSha256(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }

    /** Canonical header values are trimmed and lowercased (the documented TC3 rule). */
    private static String canonicalValue(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
