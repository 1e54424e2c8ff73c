package io.trtcstop.worker.engine;

/** Why a command was dead-lettered; the names are the {@code dlq.error.kind} header values. */
public enum FailureKind {
    INVALID_COMMAND,
    PERMANENT_API_ERROR,
    RETRIES_EXHAUSTED
}
