package io.trtcstop.worker.cli;

/**
 * Every exit code the jar's commands return, in one place: supervisors and runbooks act on them, and
 * {@code docs/operations.md} lists each (a test keeps the two in step).
 */
public enum ExitCode {
    /** A clean stop (SIGTERM, Ctrl-C), or a tool that did all it was asked; also {@code --help} and {@code --version}. */
    OK(0),
    /** Stopped on an unexpected error (the worker), or failed part-way (a tool; running it again is safe). */
    FAILED(1),
    /** Bad arguments, configuration, credentials, or a start-up check failed: fix the input, then start again. */
    CONFIG(2),
    /** Another live instance uses the same WORKER_INSTANCE_ID: restarting would only fence it back. */
    FENCED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
