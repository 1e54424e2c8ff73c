package io.trtcstop.worker.command;

import io.trtcstop.worker.trtc.Region;
import java.util.Objects;

/**
 * A valid {@code transcription.stop} command (schema v1), with the region already resolved.
 *
 * @param roomId      optional, for tracing only
 * @param commandId   optional; outcomes fall back to {@code topic-partition-offset}
 * @param requestedAt optional, as sent (ISO-8601), for tracing only
 */
public record StopCommand(long sdkAppId, String taskId, Region region, String roomId, String commandId, String requestedAt) {

    public StopCommand {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(region, "region");
    }

    /** Commands with the same key never run concurrently, and a stopped key is remembered for deduplication. */
    public String dedupKey() {
        return sdkAppId + "/" + taskId;
    }
}
