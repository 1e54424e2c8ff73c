package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Tencent's published signature examples (CVM DescribeInstances), byte for byte. */
class Tc3SignerTest {

    private static final String PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    private static final long TIMESTAMP = 1551113065L;
    private static final String DATE = "2019-02-25";
    private static final String HEADERS =
            "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n";

    @Test
    void payloadIsTheDocumented86Bytes() {
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(86);
        assertThat(Tc3Signer.sha256Hex(payload))
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    }

    @Test
    void vectorASignsContentTypeAndHost() {
        String canonical = Tc3Signer.canonicalRequest("POST", "/", "", HEADERS, "content-type;host",
                Tc3Signer.sha256Hex(PAYLOAD.getBytes(StandardCharsets.UTF_8)));
        assertThat(Tc3Signer.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");

        String stringToSign = Tc3Signer.stringToSign(TIMESTAMP, Tc3Signer.credentialScope(DATE, "cvm"), canonical);
        byte[] key = Tc3Signer.signingKey("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", DATE, "cvm");
        assertThat(Tc3Signer.signature(key, stringToSign))
                .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    @Test
    void vectorBAlsoSignsTheLowercasedAction() {
        String canonical = Tc3Signer.canonicalRequest("POST", "/", "", HEADERS + "x-tc-action:describeinstances\n",
                "content-type;host;x-tc-action", Tc3Signer.sha256Hex(PAYLOAD.getBytes(StandardCharsets.UTF_8)));
        assertThat(Tc3Signer.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");

        String secretKey = "*".repeat(32);
        byte[] secretDate = Tc3Signer.hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), DATE);
        assertThat(HexFormat.of().formatHex(secretDate))
                .isEqualTo("da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0");
        byte[] secretService = Tc3Signer.hmacSha256(secretDate, "cvm");
        assertThat(HexFormat.of().formatHex(secretService))
                .isEqualTo("8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f");
        byte[] signingKey = Tc3Signer.signingKey(secretKey, DATE, "cvm");
        assertThat(HexFormat.of().formatHex(signingKey))
                .isEqualTo("b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af");

        String stringToSign = Tc3Signer.stringToSign(TIMESTAMP, Tc3Signer.credentialScope(DATE, "cvm"), canonical);
        assertThat(Tc3Signer.signature(signingKey, stringToSign))
                .isEqualTo("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    }
}
