package io.trtcstop.worker.trtc;

/** What a caller should do about a failed call. */
public enum FailureClass {
    /** Transient (throttling, server trouble, transport): retry with backoff, within a budget. */
    RETRYABLE,
    /** Clock skew or an expired token: refresh the credentials, re-sign and retry once; then permanent. */
    RETRY_ONCE_AFTER_REFRESH,
    /** The request can never succeed as sent (bad input, credentials, permissions, unknown codes). */
    PERMANENT
}
