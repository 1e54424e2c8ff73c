package io.trtcstop.emulator;

import java.util.Base64;

/**
 * Makes TaskIds shaped like the API's (see its documented example
 * {@code -nE5Nd9U7pfwyEzu+8LNXe******ndibj-r1AI7H3plkD1p8pHX71AE.}): 55 characters of a base64-like alphabet
 * that always include '-', '+' and a final '.', so clients are exercised on the characters that need care in
 * URLs, logs and Kafka keys.
 */
final class TaskIdGenerator {

    private final RandomSource random;

    TaskIdGenerator(RandomSource random) {
        this.random = random;
    }

    String next() {
        byte[] bytes = new byte[40];
        random.nextBytes(bytes);
        char[] id = Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('/', '-').toCharArray();
        id[0] = '-';
        id[16] = '+';
        return new String(id) + '.';
    }
}
