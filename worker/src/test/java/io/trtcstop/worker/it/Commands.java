package io.trtcstop.worker.it;

/** Stop command JSON as upstream services would send it. */
final class Commands {

    private Commands() {
    }

    static String stop(long sdkAppId, String taskId) {
        return "{\"SdkAppId\":" + sdkAppId + ",\"TaskId\":\"" + taskId + "\"}";
    }

    static String stop(long sdkAppId, String taskId, String commandId) {
        return "{\"SdkAppId\":" + sdkAppId + ",\"TaskId\":\"" + taskId + "\",\"CommandId\":\"" + commandId
                + "\",\"Region\":\"ap-singapore\",\"RoomId\":\"room-1\"}";
    }

    /** Twenty kinds of bad input; the worker must dead-letter each without calling the API. */
    static final String[] INVALID = {
            "not json at all",
            "[1,2,3]",
            "\"just a string\"",
            "null",
            "{}",
            "{\"TaskId\":\"t-missing-app\"}",
            "{\"SdkAppId\":\"1400000001\",\"TaskId\":\"t\"}",
            "{\"SdkAppId\":0,\"TaskId\":\"t\"}",
            "{\"SdkAppId\":-5,\"TaskId\":\"t\"}",
            "{\"SdkAppId\":1.5,\"TaskId\":\"t\"}",
            "{\"SdkAppId\":4294967296,\"TaskId\":\"t\"}",
            "{\"SdkAppId\":1400000001}",
            "{\"SdkAppId\":1400000001,\"TaskId\":\"\"}",
            "{\"SdkAppId\":1400000001,\"TaskId\":42}",
            "{\"SdkAppId\":1400000001,\"TaskId\":\"t\",\"Region\":\"us-east-1\"}",
            "{\"SdkAppId\":{\"v\":1},\"TaskId\":\"t\"}",
            "{\"SdkAppId\":1400000001,\"TaskId\":\"" + "x".repeat(300) + "\"}",
            "",
            "{\"SdkAppId\":1400000001,\"TaskId\":\"t\"",
            "{\"SdkAppId\":1400000001,\"TaskId\":[\"t\"]}",
    };
}
