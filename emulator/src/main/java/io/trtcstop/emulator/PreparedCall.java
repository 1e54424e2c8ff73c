package io.trtcstop.emulator;

import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * A call whose parameters passed the API's checks, ready to take effect.
 *
 * @param stopTaskId the TaskId when this is a stop call: those are counted per task and can be scripted
 * @param execution  does what the action does and returns the response fields (without RequestId), or throws
 *                   an {@link ApiError} such as {@code ResourceNotFound}
 */
record PreparedCall(Optional<String> stopTaskId, Supplier<ObjectNode> execution) {

    ObjectNode execute() {
        return execution.get();
    }
}
