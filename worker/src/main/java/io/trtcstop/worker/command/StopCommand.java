package io.trtcstop.worker.command;

import io.trtcstop.schema.PrintableText;
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

    /** The schema's 256 characters, or 6 each as escapes, fit. */
    private static final int MAX_PRINTED_TASK_ID_CHARS = 6 * 256;

    public StopCommand {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(region, "region");
    }

    /**
     * The TaskId for a log line, a logging context or a thread name. A valid TaskId is printable ASCII already (the
     * schema says so); escaping it again costs a scan and guards the sinks should a command ever be built otherwise.
     */
    public String printableTaskId() {
        return PrintableText.escape(taskId, MAX_PRINTED_TASK_ID_CHARS);
    }

    /**
     * A stopped task is remembered under this key for deduplication. The region is part of it: a task is an API
     * resource of one region, so a stop sent to another region is a different call with its own answer.
     */
    public String dedupKey() {
        return sdkAppId + "/" + region.id() + "/" + taskId;
    }
}
