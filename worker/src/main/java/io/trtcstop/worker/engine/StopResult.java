package io.trtcstop.worker.engine;

import java.time.Instant;

/** How the engine's work on one command ended. */
public sealed interface StopResult permits StopResult.Stopped, StopResult.AlreadyStopped, StopResult.GaveUp, StopResult.Abandoned {

    /** The API stopped the task. */
    record Stopped(String requestId, Attempts attempts) implements StopResult {}

    /** The task had already ended ({@code ResourceNotFound}), or this instance stopped it moments ago (deduplicated). */
    record AlreadyStopped(String requestId, Attempts attempts, boolean deduplicated) implements StopResult {}

    /** No success is possible or the retry budget is spent: the command goes to the dead-letter topic. */
    record GaveUp(FailureKind kind, String code, String message, String requestId, Attempts attempts) implements StopResult {}

    /** Work was interrupted (shutdown, lost partition): no outcome; the command is processed again by the next owner. */
    record Abandoned(String reason) implements StopResult {}

    /** How hard we tried: count and the time of the first and last API call (null when there was none). */
    record Attempts(int count, Instant first, Instant last) {
        public static final Attempts NONE = new Attempts(0, null, null);
    }
}
