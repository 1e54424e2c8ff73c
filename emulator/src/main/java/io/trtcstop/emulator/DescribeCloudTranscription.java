package io.trtcstop.emulator;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Reports a running task as {@code InProgress}; once it has ended it is {@code ResourceNotFound}. */
final class DescribeCloudTranscription implements TrtcAction {

    private static final Set<String> PARAMETERS = Set.of("SdkAppId", "TaskId");

    private final TaskRegistry registry;

    DescribeCloudTranscription(TaskRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "DescribeCloudTranscription";
    }

    @Override
    public PreparedCall prepare(RequestParameters parameters) {
        parameters.allowOnly(PARAMETERS);
        long sdkAppId = parameters.sdkAppId();
        String taskId = parameters.requiredString("TaskId", ApiError.MISSING_TASK_ID);
        return new PreparedCall(Optional.empty(), () -> {
            registry.running(sdkAppId, taskId).orElseThrow(() -> TrtcAction.taskNotFound(taskId));
            ObjectNode fields = JsonCodec.MAPPER.createObjectNode();
            fields.put("TaskId", taskId);
            fields.put("Status", "InProgress");
            return fields;
        });
    }
}
