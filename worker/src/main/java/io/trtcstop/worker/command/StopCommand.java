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

    /**
     * A stopped task is remembered under this key for deduplication. The region is part of it: a task is an API
     * resource of one region, so a stop sent to another region is a different call with its own answer.
     */
    public String dedupKey() {
        return sdkAppId + "/" + region.id() + "/" + taskId;
    }
}
