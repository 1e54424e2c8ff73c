package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-assembled body must be byte for byte what Jackson writes for the same tree, for any TaskId. */
class DeleteRequestBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = 0xB0D1L;

    @Test
    void isJacksonsOutputForEveryKindOfCharacter() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            String taskId = randomTaskId(random);
            long sdkAppId = random.nextBoolean() ? 1L + random.nextInt(Integer.MAX_VALUE) : 4_294_967_295L;
            assertThat(DeleteRequestBody.of(sdkAppId, taskId)).as("case %d: %s", i, escapeForMessage(taskId))
                    .isEqualTo(DeleteRequestBody.viaTree(sdkAppId, taskId));
        }
    }

    @Test
    void escapesWhatJsonRequiresAndReadsBackAsTheSameValues() {
        String taskId = "a\"b\\c/d\u0000\u001f\t\n é😀";
        byte[] body = DeleteRequestBody.of(1_400_000_000L, taskId);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"SdkAppId\":1400000000,\"TaskId\":\"a\\\"b\\\\c/d\\u0000\\u001F\\t\\n é😀\"}");
        JsonNode read = JSON.readTree(body);
        assertThat(read.get("TaskId").stringValue()).isEqualTo(taskId);
        assertThat(read.get("SdkAppId").longValue()).isEqualTo(1_400_000_000L);
    }

    @Test
    void aLoneSurrogateIsWrittenAsAnEscapeAsJacksonDoes() {
        String taskId = "x\ud800y";
        assertThat(new String(DeleteRequestBody.of(1L, taskId), StandardCharsets.UTF_8))
                .isEqualTo("{\"SdkAppId\":1,\"TaskId\":\"x\\uD800y\"}");
    }

    private static String randomTaskId(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) random.nextInt(0x80)); // every ASCII character, controls included
                case 1 -> s.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> s.append((char) (0x80 + random.nextInt(0xd800 - 0x80))); // the BMP below surrogates
                case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair
                case 4 -> s.append(random.nextInt(50) == 0 ? (char) (0xd800 + random.nextInt(0x800)) : 'z'); // rarely lone
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }

    private static String escapeForMessage(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
