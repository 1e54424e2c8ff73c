package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tencent's published TC3 vectors (signature docs, CVM DescribeInstances), reproduced byte for byte. */
class Tc3SignerTest {

    private static final String HOST = "cvm.tencentcloudapi.com";
    private static final String SERVICE = "cvm";
    private static final long TIMESTAMP = 1551113065L;
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** The backslash-u sequences are literal characters of the body, not escapes of this Java string. */
    private static final byte[] PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}"
                    .getBytes(StandardCharsets.UTF_8);

    @Test
    void payloadIsThePublishedOne() {
        assertThat(PAYLOAD).hasSize(86);
        assertThat(Tc3Signer.sha256Hex(PAYLOAD))
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    }

    @Test
    void vectorA_signsContentTypeAndHost() {
        Tc3Signature signature = Tc3Signer.sign("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                SERVICE, HOST, null, CONTENT_TYPE, PAYLOAD, TIMESTAMP);

        assertThat(signature.canonicalRequest()).isEqualTo("""
                POST
                /

                content-type:application/json; charset=utf-8
                host:cvm.tencentcloudapi.com

                content-type;host
                35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064""");
        assertThat(signature.hashedCanonicalRequest())
                .isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
        assertThat(signature.stringToSign()).isEqualTo("""
                TC3-HMAC-SHA256
                1551113065
                2019-02-25/cvm/tc3_request
                5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031""");
        assertThat(signature.signature())
                .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
        assertThat(signature.authorization()).isEqualTo("TC3-HMAC-SHA256"
                + " Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,"
                + " SignedHeaders=content-type;host,"
                + " Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    @Test
    void vectorB_signsTheActionToo() {
        Tc3Signature signature = Tc3Signer.sign("AKIDEXAMPLE", "*".repeat(32),
                SERVICE, HOST, "DescribeInstances", CONTENT_TYPE, PAYLOAD, TIMESTAMP);

        assertThat(signature.canonicalRequest()).contains("\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n");
        assertThat(signature.signedHeaders()).isEqualTo("content-type;host;x-tc-action");
        assertThat(signature.hashedCanonicalRequest())
                .isEqualTo("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
        assertThat(signature.secretDateHex())
                .isEqualTo("da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0");
        assertThat(signature.secretServiceHex())
                .isEqualTo("8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f");
        assertThat(signature.secretSigningHex())
                .isEqualTo("b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af");
        assertThat(signature.signature())
                .isEqualTo("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
        assertThat(signature.authorization()).endsWith(
                ", SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    }

    @Test
    void dateIsTheUtcDateOfTheTimestamp() {
        long lastSecondOf2024 = 1735689599L; // 2024-12-31T23:59:59Z
        assertThat(sign(lastSecondOf2024).date()).isEqualTo("2024-12-31");
        assertThat(sign(lastSecondOf2024 + 1).date()).isEqualTo("2025-01-01");
        assertThat(sign(lastSecondOf2024 + 1).credentialScope()).isEqualTo("2025-01-01/trtc/tc3_request");
    }

    @Test
    void aDifferentKeyOrTimestampGivesADifferentSignature() {
        Tc3Signature base = sign(TIMESTAMP);
        assertThat(sign(TIMESTAMP + 1).signature()).isNotEqualTo(base.signature());
        assertThat(Tc3Signer.sign("id", "other-key", "trtc", "trtc.intl.tencentcloudapi.com", null, CONTENT_TYPE,
                PAYLOAD, TIMESTAMP).signature()).isNotEqualTo(base.signature());
    }

    @Test
    void toStringLeavesOutTheDerivedKeys() {
        Tc3Signature signature = sign(TIMESTAMP);
        assertThat(signature.toString())
                .contains(signature.signature())
                .doesNotContain(signature.secretDateHex(), signature.secretServiceHex(), signature.secretSigningHex());
    }

    @Test
    void rejectsTimestampsOutsideTheFormattableRange() {
        assertThatThrownBy(() -> sign(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> sign(253_402_300_800L)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Tc3Signature sign(long timestamp) {
        return Tc3Signer.sign("id", "key", "trtc", "trtc.intl.tencentcloudapi.com", null, CONTENT_TYPE, PAYLOAD, timestamp);
    }
}
