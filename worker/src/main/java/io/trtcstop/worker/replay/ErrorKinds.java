package io.trtcstop.worker.replay;

import java.util.List;

/** The values of {@code dlq.error.kind} the header contract defines. */
public final class ErrorKinds {

    public static final String INVALID_COMMAND = "INVALID_COMMAND";
    public static final String PERMANENT_API_ERROR = "PERMANENT_API_ERROR";
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
    public static final List<String> ALL = List.of(INVALID_COMMAND, PERMANENT_API_ERROR, RETRIES_EXHAUSTED);

    private ErrorKinds() {
    }
}
