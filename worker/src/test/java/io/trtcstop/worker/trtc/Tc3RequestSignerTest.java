package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The lean signer with its per-day key cache must give exactly the Authorization of the verbose, uncached
 * {@link Tc3Signer#sign} (which the published vectors and the SDK-based property test check), whatever order
 * days and keys come in.
 */
class Tc3RequestSignerTest {

    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String HOST = "trtc.tencentcloudapi.com";
    private static final byte[] BODY = "{\"SdkAppId\":1400000001,\"TaskId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);
    /** 2024-12-31T23:59:59Z. */
    private static final long LAST_SECOND_OF_2024 = 1_735_689_599L;

    @Test
    void givesThePublishedVectorsSignatures() {
        byte[] payload = ("{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new Tc3RequestSigner("cvm", "cvm.tencentcloudapi.com", null, CONTENT_TYPE)
                .authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", payload,
                        1551113065L))
                .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,"
                        + " SignedHeaders=content-type;host,"
                        + " Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
        assertThat(new Tc3RequestSigner("cvm", "cvm.tencentcloudapi.com", "DescribeInstances", CONTENT_TYPE)
                .authorization("AKIDEXAMPLE", "*".repeat(32), payload, 1551113065L))
                .endsWith(", SignedHeaders=content-type;host;x-tc-action,"
                        + " Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    }

    @Test
    void theCachedKeyFollowsTheDateAcrossMidnight() {
        Tc3RequestSigner signer = new Tc3RequestSigner("trtc", HOST, TrtcClient.ACTION, CONTENT_TYPE);
        for (long timestamp : new long[] {LAST_SECOND_OF_2024 - 1, LAST_SECOND_OF_2024, LAST_SECOND_OF_2024 + 1,
                LAST_SECOND_OF_2024 + 2, LAST_SECOND_OF_2024, LAST_SECOND_OF_2024 + 86_400}) {
            assertSameAsUncached(signer, "id", "key", TrtcClient.ACTION, timestamp);
        }
        assertThat(signer.authorization("id", "key", BODY, LAST_SECOND_OF_2024 + 1))
                .contains("/2025-01-01/trtc/tc3_request,")
                .isNotEqualTo(signer.authorization("id", "key", BODY, LAST_SECOND_OF_2024));
    }

    @Test
    void aRotatedKeyIsNeverSignedWithTheOldOnesCachedKey() {
        Tc3RequestSigner signer = new Tc3RequestSigner("trtc", HOST, null, CONTENT_TYPE);
        String[][] rotations = {{"id-1", "key-1"}, {"id-1", "key-1"}, {"id-2", "key-2"}, {"id-1", "key-1"},
                {"id-2", "key-1"}, {"id-1", "key-1x"}};
        for (String[] credentials : rotations) {
            assertSameAsUncached(signer, credentials[0], credentials[1], null, LAST_SECOND_OF_2024);
        }
    }

    @Test
    void randomKeysDaysAndBodiesMatchTheUncachedSignerFromManyThreads() throws Exception {
        Tc3RequestSigner signer = new Tc3RequestSigner("trtc", HOST, TrtcClient.ACTION, CONTENT_TYPE);
        List<Future<?>> runs = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                Random random = new Random(t);
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        // Few keys and days, so the cache is hit, missed and overwritten by the other threads.
                        String key = "key-" + random.nextInt(3);
                        long timestamp = LAST_SECOND_OF_2024 - 1 + random.nextInt(3) * 43_200L + random.nextInt(3);
                        byte[] body = ("{\"TaskId\":\"" + random.nextLong() + "\"}").getBytes(StandardCharsets.UTF_8);
                        assertThat(signer.authorization("id", key, body, timestamp)).isEqualTo(Tc3Signer.sign("id", key,
                                "trtc", HOST, TrtcClient.ACTION, CONTENT_TYPE, body, timestamp).authorization());
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
    }

    @Test
    void refusesTheSameTimestampsAsTheVerboseSigner() {
        Tc3RequestSigner signer = new Tc3RequestSigner("trtc", HOST, null, CONTENT_TYPE);
        assertThatThrownBy(() -> signer.authorization("id", "key", BODY, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> signer.authorization("id", "key", BODY, 253_402_300_800L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheKey() {
        Tc3RequestSigner signer = new Tc3RequestSigner("trtc", HOST, null, CONTENT_TYPE);
        signer.authorization("id", "very-secret-key", BODY, LAST_SECOND_OF_2024);
        assertThat(signer.toString()).doesNotContain("very-secret-key");
    }

    private static void assertSameAsUncached(Tc3RequestSigner signer, String secretId, String secretKey, String action,
                                             long timestamp) {
        assertThat(signer.authorization(secretId, secretKey, BODY, timestamp))
                .as("%s at %d", secretId, timestamp)
                .isEqualTo(Tc3Signer.sign(secretId, secretKey, "trtc", HOST, action, CONTENT_TYPE, BODY, timestamp)
                        .authorization());
    }
}
