package io.trtcstop.worker.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Every kind of malformed command record upstream could send; each must be dead-lettered with a reason. */
final class BadInput {

    /** One kind of bad record: a name for the report, and the value bytes (null for a tombstone). */
    record Kind(String name, byte[] value) {
    }

    private BadInput() {
    }

    static List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        text(kinds, "not JSON", "not json at all");
        text(kinds, "empty value", "");
        text(kinds, "blank value", "   \n\t ");
        text(kinds, "JSON array", "[1,2,3]");
        text(kinds, "JSON string", "\"just a string\"");
        text(kinds, "JSON number", "42");
        text(kinds, "JSON true", "true");
        text(kinds, "JSON null", "null");
        text(kinds, "empty object", "{}");
        text(kinds, "truncated JSON", "{\"SdkAppId\":1400000001,\"TaskId\":\"t\"");
        text(kinds, "trailing content", "{\"SdkAppId\":1400000001,\"TaskId\":\"t\"} {}");
        text(kinds, "duplicate key", "{\"SdkAppId\":1400000001,\"TaskId\":\"t\",\"TaskId\":\"u\"}");
        text(kinds, "SdkAppId missing", "{\"TaskId\":\"t-missing-app\"}");
        text(kinds, "SdkAppId as string", "{\"SdkAppId\":\"1400000001\",\"TaskId\":\"t\"}");
        text(kinds, "SdkAppId zero", "{\"SdkAppId\":0,\"TaskId\":\"t\"}");
        text(kinds, "SdkAppId negative", "{\"SdkAppId\":-5,\"TaskId\":\"t\"}");
        text(kinds, "SdkAppId fraction", "{\"SdkAppId\":1.5,\"TaskId\":\"t\"}");
        text(kinds, "SdkAppId too large", "{\"SdkAppId\":4294967296,\"TaskId\":\"t\"}");
        text(kinds, "SdkAppId object", "{\"SdkAppId\":{\"v\":1},\"TaskId\":\"t\"}");
        text(kinds, "TaskId missing", "{\"SdkAppId\":1400000001}");
        text(kinds, "TaskId empty", "{\"SdkAppId\":1400000001,\"TaskId\":\"\"}");
        text(kinds, "TaskId number", "{\"SdkAppId\":1400000001,\"TaskId\":42}");
        text(kinds, "TaskId array", "{\"SdkAppId\":1400000001,\"TaskId\":[\"t\"]}");
        text(kinds, "TaskId too long", "{\"SdkAppId\":1400000001,\"TaskId\":\"" + "x".repeat(300) + "\"}");
        text(kinds, "unsupported Region", "{\"SdkAppId\":1400000001,\"TaskId\":\"t\",\"Region\":\"us-east-1\"}");
        text(kinds, "over MAX_COMMAND_BYTES",
                "{\"SdkAppId\":1400000001,\"TaskId\":\"t\",\"Pad\":\"" + "p".repeat(70_000) + "\"}");
        kinds.add(new Kind("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
        kinds.add(new Kind("binary", new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 0x7F, 0x10}));
        kinds.add(new Kind("null value (tombstone)", null));
        return List.copyOf(kinds);
    }

    private static void text(List<Kind> kinds, String name, String value) {
        kinds.add(new Kind(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
