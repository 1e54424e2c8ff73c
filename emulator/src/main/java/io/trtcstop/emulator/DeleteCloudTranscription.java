package io.trtcstop.emulator;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Stops a running task; an unknown or already stopped task is {@code ResourceNotFound}. */
final class DeleteCloudTranscription implements TrtcAction {

    private static final Set<String> PARAMETERS = Set.of("SdkAppId", "TaskId");

    private final TaskRegistry registry;
    private final StopCallLedger ledger;

    DeleteCloudTranscription(TaskRegistry registry, StopCallLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return ApiCall.DELETE_ACTION;
    }

    @Override
    public PreparedCall prepare(RequestParameters parameters) {
        parameters.allowOnly(PARAMETERS);
        long sdkAppId = parameters.sdkAppId();
        String taskId = parameters.requiredString("TaskId", ApiError.MISSING_TASK_ID);
        return new PreparedCall(Optional.of(taskId), () -> {
            if (!registry.stop(sdkAppId, taskId)) {
                throw TrtcAction.taskNotFound(taskId);
            }
            ledger.stopped(taskId);
            ObjectNode fields = JsonCodec.MAPPER.createObjectNode();
            fields.put("TaskId", taskId);
            return fields;
        });
    }
}
