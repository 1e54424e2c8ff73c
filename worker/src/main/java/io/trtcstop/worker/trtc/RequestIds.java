package io.trtcstop.worker.trtc;

import io.trtcstop.schema.PrintableText;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code RequestId} of an API answer, checked before it is copied anywhere (outcomes, dead-letter headers,
 * logs): the API answers a UUID ({@code 768c7bde-70a1-4b3c-9d2e-e81f21cb1599}), so anything else, of any length or
 * charset, comes from something that is not the API (a proxy, a fake) and is dropped with a warning that shows it
 * escaped and cut short.
 */
final class RequestIds {

    private static final Logger LOG = LoggerFactory.getLogger(RequestIds.class);
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** How much of a dropped RequestId the warning shows (a UUID has 36 characters). */
    static final int SHOWN_CHARS = 64;

    private RequestIds() {
    }

    /** The request id if it is the API's UUID; else {@code null}, after a warning. {@code null} stays {@code null}. */
    static String accepted(String requestId) {
        if (requestId == null || UUID.matcher(requestId).matches()) {
            return requestId;
        }
        LOG.warn("dropped a RequestId that is not the API's UUID format ({} chars): \"{}\"", requestId.length(),
                PrintableText.escape(requestId, SHOWN_CHARS));
        return null;
    }

}
