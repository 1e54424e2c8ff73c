package io.trtcstop.emulator;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts a transcription task for a room. Only SdkAppId and RoomId are checked; the API's other parameters
 * (UserId, UserSig, TranscriptionParams, ...) are accepted and ignored, since no real transcription happens.
 */
final class CreateCloudTranscription implements TrtcAction {

    private final TaskRegistry registry;

    CreateCloudTranscription(TaskRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "CreateCloudTranscription";
    }

    @Override
    public PreparedCall prepare(RequestParameters parameters) {
        long sdkAppId = parameters.sdkAppId();
        String roomId = parameters.requiredString("RoomId", ApiError.MISSING_ROOM_ID);
        return new PreparedCall(Optional.empty(), () -> {
            ObjectNode fields = JsonCodec.MAPPER.createObjectNode();
            fields.put("TaskId", registry.create(sdkAppId, roomId));
            return fields;
        });
    }
}
