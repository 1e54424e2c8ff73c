package io.trtcstop.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The arithmetic of Tencent Cloud's TC3-HMAC-SHA256 signature: canonical request, string to sign, key chain. */
final class Tc3Signer {

    static final String ALGORITHM = "TC3-HMAC-SHA256";
    static final String TERMINATOR = "tc3_request";

    private static final HexFormat HEX = HexFormat.of();

    private Tc3Signer() {
    }

    /**
     * @param canonicalHeaders one {@code name:value\n} line per signed header, in SignedHeaders order
     */
    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                   String canonicalHeaders, String signedHeaders, String payloadSha256Hex) {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
                + signedHeaders + '\n' + payloadSha256Hex;
    }

    static String credentialScope(String date, String service) {
        return date + '/' + service + '/' + TERMINATOR;
    }

    static String stringToSign(long timestamp, String credentialScope, String canonicalRequest) {
        return ALGORITHM + '\n' + timestamp + '\n' + credentialScope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] signingKey(String secretKey, String date, String service) {
        byte[] secretDate = hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmacSha256(secretDate, service);
        return hmacSha256(secretService, TERMINATOR);
    }

    static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmacSha256(signingKey, stringToSign));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    static byte[] hmacSha256(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
