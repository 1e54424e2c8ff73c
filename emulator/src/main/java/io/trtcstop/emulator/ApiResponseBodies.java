package io.trtcstop.emulator;

import tools.jackson.databind.node.ObjectNode;

/** API 3.0 response bodies: {@code {"Response":{...,"RequestId":..}}}. */
final class ApiResponseBodies {

    private ApiResponseBodies() {
    }

    static byte[] success(ObjectNode fields, String requestId) {
        ObjectNode response = JsonCodec.MAPPER.createObjectNode();
        response.setAll(fields);
        response.put("RequestId", requestId);
        return wrap(response);
    }

    static byte[] error(String code, String message, String requestId) {
        ObjectNode response = JsonCodec.MAPPER.createObjectNode();
        ObjectNode error = response.putObject("Error");
        error.put("Code", code);
        error.put("Message", message);
        response.put("RequestId", requestId);
        return wrap(response);
    }

    private static byte[] wrap(ObjectNode response) {
        ObjectNode root = JsonCodec.MAPPER.createObjectNode();
        root.set("Response", response);
        return JsonCodec.MAPPER.writeValueAsBytes(root);
    }
}
