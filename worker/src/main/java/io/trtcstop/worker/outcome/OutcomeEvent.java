package io.trtcstop.worker.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Outcome event v1 ({@code schema/.../outcome-event.v1.schema.json}); one per command record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"CommandId", "SdkAppId", "TaskId", "Region", "Status", "Deduplicated", "RequestId", "Attempts",
        "Error", "ReceivedAt", "CompletedAt", "Source"})
public record OutcomeEvent(
        @JsonProperty("CommandId") String commandId,
        @JsonProperty("SdkAppId") Long sdkAppId,
        @JsonProperty("TaskId") String taskId,
        @JsonProperty("Region") String region,
        @JsonProperty("Status") Status status,
        @JsonProperty("Deduplicated") boolean deduplicated,
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("Attempts") int attempts,
        @JsonProperty("Error") Error error,
        @JsonProperty("ReceivedAt") String receivedAt,
        @JsonProperty("CompletedAt") String completedAt,
        @JsonProperty("Source") Source source) {

    public enum Status { STOPPED, ALREADY_STOPPED, DEAD_LETTERED }

    public record Error(@JsonProperty("Code") String code, @JsonProperty("Message") String message) {}

    public record Source(@JsonProperty("Topic") String topic, @JsonProperty("Partition") int partition,
                         @JsonProperty("Offset") long offset) {}
}
