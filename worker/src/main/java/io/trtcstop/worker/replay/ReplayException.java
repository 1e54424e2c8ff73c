package io.trtcstop.worker.replay;

/** The replay or inspection could not finish; the message says why. Running it again is always safe. */
public class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
