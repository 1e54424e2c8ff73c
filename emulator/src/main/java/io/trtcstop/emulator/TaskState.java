package io.trtcstop.emulator;

/** Where a transcription task stands, as the emulator's registry sees it. */
public enum TaskState {
    /** Created and not stopped: a stop call succeeds. */
    RUNNING,
    /** Stopped by a successful DeleteCloudTranscription: further stops answer {@code ResourceNotFound}. */
    STOPPED,
    /** Never created here (or forgotten by a reset): stops answer {@code ResourceNotFound}. */
    UNKNOWN
}
