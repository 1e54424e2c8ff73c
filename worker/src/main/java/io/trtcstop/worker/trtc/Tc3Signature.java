package io.trtcstop.worker.trtc;

/**
 * The result of {@link Tc3Signer#sign}: the {@code Authorization} header value and every intermediate
 * value of the TC3-HMAC-SHA256 computation, so each step can be checked against published vectors.
 *
 * <p>The derived keys ({@code secretDateHex}, {@code secretServiceHex}, {@code secretSigningHex}) can sign
 * requests for their day, so {@link #toString()} leaves them out.
 */
public record Tc3Signature(
        String authorization,
        String signedHeaders,
        String date,
        String credentialScope,
        String canonicalRequest,
        String hashedCanonicalRequest,
        String stringToSign,
        String secretDateHex,
        String secretServiceHex,
        String secretSigningHex,
        String signature) {

    @Override
    public String toString() {
        return "Tc3Signature[credentialScope=" + credentialScope
                + ", signedHeaders=" + signedHeaders
                + ", hashedCanonicalRequest=" + hashedCanonicalRequest
                + ", signature=" + signature + "]";
    }
}
