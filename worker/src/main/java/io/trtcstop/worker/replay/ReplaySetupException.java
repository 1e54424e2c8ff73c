package io.trtcstop.worker.replay;

/** The replay cannot start as configured (a missing topic, an unusable ledger): exit code 2, nothing written. */
public final class ReplaySetupException extends ReplayException {

    public ReplaySetupException(String message) {
        super(message);
    }
}
