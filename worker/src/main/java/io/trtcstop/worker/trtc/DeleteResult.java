package io.trtcstop.worker.trtc;

import java.util.Objects;

/** How a {@code DeleteCloudTranscription} call ended. Calls never throw for API or transport problems. */
public sealed interface DeleteResult permits DeleteResult.Stopped, DeleteResult.AlreadyStopped, DeleteResult.Failed {

    /** The request id of the API answer (a UUID), or {@code null} when no answer arrived or it was not a UUID. */
    String requestId();

    /**
     * The API stopped the task.
     *
     * @param requestId the answer's RequestId, or {@code null} when it was not in the API's UUID format (dropped)
     */
    record Stopped(String taskId, String requestId) implements DeleteResult {
        public Stopped {
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    /** {@code ResourceNotFound}: the task does not exist or has already ended; nothing left to do. */
    record AlreadyStopped(String requestId, String message) implements DeleteResult {
        public AlreadyStopped {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The call failed.
     *
     * @param code         the API's error code verbatim, or one of the worker's own codes
     *                     ({@code Transport.*}, {@code Credentials.Unavailable}, or an input check's
     *                     API-style code such as {@code MissingParameter.TaskId})
     * @param message      what went wrong, safe to log (never contains credentials)
     * @param requestId    the API's request id, or {@code null} when no API answer arrived
     * @param failureClass what the caller should do about it
     */
    record Failed(String code, String message, String requestId, FailureClass failureClass) implements DeleteResult {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(failureClass, "failureClass");
        }

        /** The API throttled us ({@code RequestLimitExceeded} or a sub-code): slow the whole instance down. */
        public boolean throttled() {
            return ErrorClassifier.isThrottled(code);
        }
    }
}
