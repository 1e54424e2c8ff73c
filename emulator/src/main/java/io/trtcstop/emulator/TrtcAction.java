package io.trtcstop.emulator;

/** One API action the emulator implements. */
sealed interface TrtcAction permits CreateCloudTranscription, DeleteCloudTranscription, DescribeCloudTranscription {

    /** The X-TC-Action value. */
    String name();

    /** Checks the parameters like the API does (throwing {@link ApiError}) and returns the call ready to run. */
    PreparedCall prepare(RequestParameters parameters);

    static ApiError taskNotFound(String taskId) {
        return new ApiError(ApiError.RESOURCE_NOT_FOUND,
                "The task " + taskId + " does not exist or has already ended.");
    }
}
