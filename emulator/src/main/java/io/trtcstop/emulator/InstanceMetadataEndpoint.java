package io.trtcstop.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CVM instance-metadata paths for a CAM role ({@code http://metadata.tencentyun.com} on a real instance):
 * {@code GET /latest/meta-data/cam/security-credentials/} answers the role's name as plain text, and
 * {@code GET /latest/meta-data/cam/security-credentials/<role>} its temporary credentials as JSON
 * ({@code TmpSecretId}, {@code TmpSecretKey}, {@code Token}, {@code ExpiredTime}, {@code Expiration},
 * {@code Code: "Success"}). Anything else, or any path when no role is configured, is a 404.
 */
final class InstanceMetadataEndpoint implements HttpHandler {

    static final String PATH = "/latest/meta-data/";
    static final String CREDENTIALS_PATH = PATH + "cam/security-credentials/";
    static final String STATS_ACTION = "InstanceMetadata";

    private final TemporaryCredentials credentials;
    private final CallStats stats;

    InstanceMetadataEndpoint(TemporaryCredentials credentials, CallStats stats) {
        this.credentials = credentials;
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String role = credentials.cvmRole();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed");
            } else if (role != null && path.equals(CREDENTIALS_PATH)) {
                send(exchange, 200, "text/plain; charset=utf-8", role);
            } else if (role != null && path.equals(CREDENTIALS_PATH + role)) {
                KeyRing.Key key = credentials.cvmCredentials();
                ObjectNode body = JsonCodec.MAPPER.createObjectNode();
                TemporaryCredentials.writeKey(body, key);
                body.put("ExpiredTime", key.expiresAt().getEpochSecond());
                body.put("Expiration", key.expiresAt().toString());
                body.put("Code", "Success");
                send(exchange, 200, "application/json", JsonCodec.MAPPER.writeValueAsString(body));
            } else {
                send(exchange, 404, "text/html; charset=utf-8", "<html><body><h1>404 Not Found</h1></body></html>");
            }
        }
    }

    private void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        stats.record(STATS_ACTION, status == 200 ? CallStats.OK : "HTTP_" + status);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
