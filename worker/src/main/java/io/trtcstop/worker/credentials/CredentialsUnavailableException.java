package io.trtcstop.worker.credentials;

/**
 * No credentials could be had from a source (a file missing, STS or the instance metadata failing). The message
 * says which source and why, and never carries a secret: it is logged, and a failed start prints it.
 */
public final class CredentialsUnavailableException extends RuntimeException {

    public CredentialsUnavailableException(String message) {
        super(message);
    }

    public CredentialsUnavailableException(String message, Throwable cause) {
        // The cause's message may quote what was read, so it is kept out of ours and off the stack trace output
        // by callers; only its type is named here.
        super(message + " (" + cause.getClass().getSimpleName() + ")");
    }
}
