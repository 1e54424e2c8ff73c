package io.trtcstop.worker.outcome;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@code dlq.replay.count} header as read from a record. Only the replay tool and the worker write it, as
 * decimal digits; but a producer can put any header on a command (the worker carries the count over into the dead
 * letter), and anyone who may write to the dead-letter topic can forge one. So a count is trusted only when it is
 * digits (ASCII, no sign, no spaces) and at most {@link #PLAUSIBLE_MAX}: no operator replays one command a thousand
 * times. Anything else is {@linkplain #suspect() suspect}: the replay tool reports it instead of counting it as
 * "replayed often enough", and a replayed copy starts again at 1.
 *
 * @param value   the count; 0 when the header is absent or suspect
 * @param suspect the header is there but is not a plausible count
 */
public record ReplayCount(int value, boolean suspect) {

    /** The highest count taken at its word. */
    public static final int PLAUSIBLE_MAX = 1000;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public static ReplayCount of(Headers headers) {
        Header header = headers.lastHeader(DeadLetterHeaders.REPLAY_COUNT);
        return header == null || header.value() == null || header.value().length == 0
                ? new ReplayCount(0, false)
                : parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    static ReplayCount parse(String text) {
        if (!DIGITS.matcher(text).matches()) {
            return new ReplayCount(0, true);
        }
        int value = Integer.parseInt(text);
        return value <= PLAUSIBLE_MAX ? new ReplayCount(value, false) : new ReplayCount(0, true);
    }

    /** The count a replayed copy carries: one more, or 1 after a suspect count (never an overflow). */
    public int next() {
        return value + 1;
    }
}
