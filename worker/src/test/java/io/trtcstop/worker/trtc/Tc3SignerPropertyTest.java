package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.common.Sign;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Tc3Signer} with an independent TC3 computation built on the official Java SDK's hash
 * and HMAC helpers, over random keys, hosts, actions, bodies and timestamps around UTC midnight.
 */
class Tc3SignerPropertyTest {

    private static final int CASES = 1000;
    private static final long SEED = 0x7C3_5161L;
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final HexFormat HEX = HexFormat.of();

    private final Random random = new Random(SEED);

    @Test
    void matchesTheSdkBasedComputation() throws TencentCloudSDKException {
        for (int i = 0; i < CASES; i++) {
            String secretId = randomAscii(1 + random.nextInt(40));
            String secretKey = randomAscii(1 + random.nextInt(64));
            String service = randomLabel();
            String host = randomHost();
            String action = random.nextBoolean() ? null : randomAction();
            long timestamp = randomTimestampNearMidnight();
            byte[] body = randomUnicodeJson().getBytes(StandardCharsets.UTF_8);

            Tc3Signature ours = Tc3Signer.sign(secretId, secretKey, service, host, action, CONTENT_TYPE, body, timestamp);
            Expected expected = Expected.compute(secretId, secretKey, service, host, action, body, timestamp);

            String context = "case " + i + " (seed " + SEED + "): host=" + host + " action=" + action + " ts=" + timestamp;
            assertThat(ours.date()).as(context).isEqualTo(expected.date);
            assertThat(ours.hashedCanonicalRequest()).as(context).isEqualTo(expected.hashedCanonicalRequest);
            assertThat(ours.secretDateHex()).as(context).isEqualTo(expected.secretDate);
            assertThat(ours.secretServiceHex()).as(context).isEqualTo(expected.secretService);
            assertThat(ours.secretSigningHex()).as(context).isEqualTo(expected.secretSigning);
            assertThat(ours.signature()).as(context).isEqualTo(expected.signature);
            assertThat(ours.authorization()).as(context).isEqualTo(expected.authorization);
        }
    }

    /** The documented algorithm, written out step by step with the SDK's primitives. */
    private record Expected(String date, String hashedCanonicalRequest, String secretDate, String secretService,
                            String secretSigning, String signature, String authorization) {

        static Expected compute(String secretId, String secretKey, String service, String host, String action,
                                byte[] body, long timestamp) throws TencentCloudSDKException {
            // Independent of java.time's LocalDate.ofInstant: whole days since the epoch.
            String date = LocalDate.ofEpochDay(Math.floorDiv(timestamp, 86_400L)).toString();
            StringBuilder headers = new StringBuilder()
                    .append("content-type:").append(CONTENT_TYPE).append('\n')
                    .append("host:").append(host.toLowerCase(Locale.ROOT)).append('\n');
            String signedHeaders = "content-type;host";
            if (action != null) {
                headers.append("x-tc-action:").append(action.toLowerCase(Locale.ROOT)).append('\n');
                signedHeaders += ";x-tc-action";
            }
            String canonicalRequest = "POST\n/\n\n" + headers + "\n" + signedHeaders + "\n" + Sign.sha256Hex(body);
            String hashedCanonicalRequest = Sign.sha256Hex(canonicalRequest);
            String scope = date + "/" + service + "/tc3_request";
            String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hashedCanonicalRequest;
            byte[] secretDate = Sign.hmac256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            byte[] secretService = Sign.hmac256(secretDate, service);
            byte[] secretSigning = Sign.hmac256(secretService, "tc3_request");
            String signature = HEX.formatHex(Sign.hmac256(secretSigning, stringToSign));
            String authorization = "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope
                    + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
            return new Expected(date, hashedCanonicalRequest, HEX.formatHex(secretDate), HEX.formatHex(secretService),
                    HEX.formatHex(secretSigning), signature, authorization);
        }
    }

    /** Half the cases within 3 seconds of a UTC midnight (either side), the rest anywhere up to 2100. */
    private long randomTimestampNearMidnight() {
        long lastDay = LocalDate.of(2100, 1, 1).toEpochDay();
        long day = random.nextLong(lastDay);
        if (random.nextBoolean()) {
            long midnight = day * 86_400L;
            return Math.max(0, midnight + random.nextInt(7) - 3);
        }
        return day * 86_400L + random.nextInt(86_400);
    }

    private String randomHost() {
        StringBuilder host = new StringBuilder(randomLabel());
        int more = random.nextInt(4);
        for (int i = 0; i < more; i++) {
            host.append('.').append(randomLabel());
        }
        String name = random.nextInt(4) == 0 ? host.toString().toUpperCase(Locale.ROOT) : host.toString();
        return random.nextBoolean() ? name : name + ":" + (1 + random.nextInt(65_535));
    }

    private String randomLabel() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        StringBuilder label = new StringBuilder().append((char) ('a' + random.nextInt(26)));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            label.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return label.toString();
    }

    private String randomAction() {
        String[] words = {"Delete", "Describe", "Create", "Cloud", "Transcription", "Instances", "Room"};
        return words[random.nextInt(words.length)] + words[random.nextInt(words.length)];
    }

    private String randomAscii(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
        }
        return text.toString();
    }

    /** A JSON body whose TaskId mixes ASCII, CJK, emoji (surrogate pairs) and other planes. */
    private String randomUnicodeJson() {
        StringBuilder taskId = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x4e00 + random.nextInt(0x5000);
                case 2 -> 0x1f300 + random.nextInt(0x300);
                default -> 0xa0 + random.nextInt(0xd000);
            };
            if (codePoint == '"' || codePoint == '\\' || Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
                codePoint = 'x';
            }
            taskId.appendCodePoint(codePoint);
        }
        return "{\"SdkAppId\":" + (1 + random.nextInt(Integer.MAX_VALUE)) + ",\"TaskId\":\"" + taskId + "\"}";
    }
}
