package io.trtcstop.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bodies of answers that are not API answers: gateway errors and HTTP 200 bodies in the wrong shape. */
final class TransportFaultBodies {

    static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";

    private record Body(String contentType, String text) {
    }

    /** Each breaks the API shape differently: truncated, not JSON, no Response, no RequestId, wrong types, empty. */
    private static final List<Body> MALFORMED = List.of(
            new Body(JSON, "{\"Response\":{\"TaskId\":\"-nE5Nd9U7pfwyEzu+8LN"),
            new Body(HTML, "<html><body><h1>Bad Gateway</h1></body></html>"),
            new Body(JSON, "{\"Error\":\"upstream timed out\"}"),
            new Body(JSON, "{\"Response\":{}}"),
            new Body(JSON, "{\"Response\":{\"Error\":{\"Code\":42,\"Message\":[]},\"RequestId\":7}}"),
            new Body(JSON, ""));

    private TransportFaultBodies() {
    }

    static int malformedVariants() {
        return MALFORMED.size();
    }

    static Reply.Send malformed(int variant) {
        Body body = MALFORMED.get(variant);
        return new Reply.Send(200, body.contentType(), body.text().getBytes(StandardCharsets.UTF_8), "MALFORMED");
    }

    static Reply.Send gatewayError(int status) {
        String text = "<html><head><title>" + status + "</title></head><body><h1>" + status + " "
                + reason(status) + "</h1></body></html>";
        return new Reply.Send(status, HTML, text.getBytes(StandardCharsets.UTF_8), "HTTP_" + status);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
