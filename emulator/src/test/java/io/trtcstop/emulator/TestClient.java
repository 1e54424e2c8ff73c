package io.trtcstop.emulator;

import com.tencentcloudapi.common.Sign;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Sends API calls signed by an implementation independent of the emulator's: the hashing and HMACs come from
 * Tencent's own SDK ({@link Sign#sha256Hex} and {@link Sign#hmac256}); only the string assembly is written here,
 * from the published algorithm. Every aspect of a call can be bent to provoke a specific error.
 */
final class TestClient {

    static final String SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    static final long SDK_APP_ID = 1400000000L;

    private final URI endpoint;
    private final Clock clock;
    private final HttpClient http;

    TestClient(URI endpoint, Clock clock) {
        this(endpoint, clock, Duration.ofSeconds(30));
    }

    TestClient(URI endpoint, Clock clock, Duration timeout) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    Call call(String action, String body) {
        return new Call(action, body);
    }

    Call stop(String taskId) {
        return call("DeleteCloudTranscription", "{\"SdkAppId\":" + SDK_APP_ID + ",\"TaskId\":\"" + taskId + "\"}");
    }

    Call describe(String taskId) {
        return call("DescribeCloudTranscription", "{\"SdkAppId\":" + SDK_APP_ID + ",\"TaskId\":\"" + taskId + "\"}");
    }

    Call create(String roomId) {
        return call("CreateCloudTranscription", "{\"SdkAppId\":" + SDK_APP_ID + ",\"RoomId\":\"" + roomId + "\"}");
    }

    /** One call; the defaults make a valid request, the setters break it on purpose. */
    final class Call {
        private String action;
        private final byte[] body;
        private String method = "POST";
        private String path = "/";
        private String secretId = SECRET_ID;
        private String secretKey = SECRET_KEY;
        private String service = "trtc";
        private String scopeDate;
        private Long timestamp;
        private String contentType = "application/json; charset=utf-8";
        private boolean signAction;
        private String region = "ap-guangzhou";
        private String version = "2019-07-22";
        private String token;
        private UnaryOperator<byte[]> bodyInTransit = UnaryOperator.identity();
        private UnaryOperator<String> authorizationInTransit = UnaryOperator.identity();
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(30);
        private String hostHeader;

        private Call(String action, String body) {
            this.action = action;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        Call action(String value) { action = value; return this; }
        Call method(String value) { method = value; return this; }
        Call path(String value) { path = value; return this; }
        Call secretId(String value) { secretId = value; return this; }
        Call secretKey(String value) { secretKey = value; return this; }
        Call service(String value) { service = value; return this; }
        Call scopeDate(String value) { scopeDate = value; return this; }
        Call timestamp(long value) { timestamp = value; return this; }
        Call contentType(String value) { contentType = value; return this; }
        /** Sign {@code content-type;host;x-tc-action} instead of {@code content-type;host}. */
        Call signAction() { signAction = true; return this; }
        Call region(String value) { region = value; return this; }
        Call version(String value) { version = value; return this; }
        Call token(String value) { token = value; return this; }
        /** Changes the body after signing, as a corrupting proxy would. */
        Call bodyInTransit(UnaryOperator<byte[]> change) { bodyInTransit = change; return this; }
        Call authorizationInTransit(UnaryOperator<String> change) { authorizationInTransit = change; return this; }
        Call header(String name, String value) { extraHeaders.put(name, value); return this; }
        Call timeout(Duration value) { timeout = value; return this; }
        /** Sends this Host header (the test JVM allows it) and signs it lower-cased, the documented rule. */
        Call host(String value) { hostHeader = value; return this; }

        ApiResponse send() {
            try {
                return sendOrThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        ApiResponse sendOrThrow() throws IOException {
            HttpRequest request = build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new ApiResponse(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        HttpRequest build() {
            long ts = timestamp != null ? timestamp : clock.instant().getEpochSecond();
            String date = scopeDate != null ? scopeDate
                    : Instant.ofEpochSecond(ts).atOffset(ZoneOffset.UTC).toLocalDate().toString();
            URI uri = endpoint.resolve(path);
            String host = hostHeader != null ? hostHeader.toLowerCase(java.util.Locale.ROOT) : uri.getHost() + ":" + uri.getPort();
            String signedHeaders = signAction ? "content-type;host;x-tc-action" : "content-type;host";
            String canonicalHeaders = "content-type:" + contentType + "\nhost:" + host + "\n"
                    + (signAction ? "x-tc-action:" + action.toLowerCase() + "\n" : "");
            String canonicalRequest = method + "\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                    + sdk(() -> Sign.sha256Hex(body));
            String scope = date + "/" + service + "/tc3_request";
            String stringToSign = "TC3-HMAC-SHA256\n" + ts + "\n" + scope + "\n"
                    + sdk(() -> Sign.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            String signature = sdk(() -> {
                byte[] secretDate = Sign.hmac256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
                byte[] secretService = Sign.hmac256(secretDate, service);
                byte[] secretSigning = Sign.hmac256(secretService, "tc3_request");
                return HexFormat.of().formatHex(Sign.hmac256(secretSigning, stringToSign));
            });
            String authorization = "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope + ", SignedHeaders="
                    + signedHeaders + ", Signature=" + signature;

            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bodyInTransit.apply(body.clone())));
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            String sentAuthorization = authorizationInTransit.apply(authorization);
            if (sentAuthorization != null) {
                builder.header("Authorization", sentAuthorization);
            }
            if (action != null) {
                builder.header("X-TC-Action", action);
            }
            builder.header("X-TC-Timestamp", Long.toString(ts));
            if (version != null) {
                builder.header("X-TC-Version", version);
            }
            if (region != null) {
                builder.header("X-TC-Region", region);
            }
            if (token != null) {
                builder.header("X-TC-Token", token);
            }
            if (hostHeader != null) {
                builder.setHeader("Host", hostHeader);
            }
            extraHeaders.forEach(builder::setHeader);
            return builder.build();
        }
    }

    /** What came back. */
    record ApiResponse(int status, String contentType, byte[] rawBody) {

        String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JsonCodec.MAPPER.readTree(rawBody);
        }

        JsonNode response() {
            return json().path("Response");
        }

        /** The error code, or null for a success. */
        String errorCode() {
            JsonNode code = response().path("Error").path("Code");
            return code.isMissingNode() ? null : code.stringValue();
        }

        String errorMessage() {
            return response().path("Error").path("Message").stringValue();
        }

        String requestId() {
            return response().path("RequestId").stringValue();
        }

        String field(String name) {
            return response().path(name).stringValue();
        }
    }

    private interface SdkCall<T> {
        T get() throws TencentCloudSDKException;
    }

    private static <T> T sdk(SdkCall<T> call) {
        try {
            return call.get();
        } catch (TencentCloudSDKException e) {
            throw new IllegalStateException(e);
        }
    }
}
