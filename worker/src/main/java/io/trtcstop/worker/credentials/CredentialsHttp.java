package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.BoundedBody;
import io.trtcstop.worker.trtc.Credentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the temporary-credential sources (STS, instance metadata): calls bounded like the TRTC
 * client's ({@link BoundedBody}: one deadline for headers and body, a small body cap), JSON answers, and
 * the {@code TmpSecretId}/{@code TmpSecretKey}/{@code Token}/{@code ExpiredTime} fields both of them answer with.
 */
final class CredentialsHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_QUOTED_CHARS = 200;
    /** STS and the instance metadata answer a key in well under 2 KiB. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration requestTimeout;

    CredentialsHttp(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * The body of a 200 answer, complete within the request timeout (headers and body: a renewal holds the
     * refresh lock while it waits) and at most {@link #MAX_ANSWER_BYTES}; anything else is a
     * {@link CredentialsUnavailableException} naming {@code what}.
     */
    String send(HttpRequest.Builder request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = BoundedBody.send(http, request.build(), MAX_ANSWER_BYTES, requestTimeout);
        } catch (TimeoutException e) {
            throw new CredentialsUnavailableException(what + " sent no complete answer within "
                    + requestTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CredentialsUnavailableException(what + " failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + quote(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsUnavailableException(what + " was interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CredentialsUnavailableException(what + " answered HTTP " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri);
    }

    static JsonNode json(String body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CredentialsUnavailableException(what + " answered something that is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new CredentialsUnavailableException(what + " answered something that is not JSON");
        }
    }

    /** Reads the temporary key fields that STS ({@code Credentials}) and the instance metadata (top level) share. */
    static IssuedCredentials temporaryKey(JsonNode keyFields, JsonNode expiredTime, String what) {
        String secretId = text(keyFields.get("TmpSecretId"));
        String secretKey = text(keyFields.get("TmpSecretKey"));
        String token = text(keyFields.get("Token"));
        if (secretId == null || secretKey == null || token == null) {
            throw new CredentialsUnavailableException(what + " answered without TmpSecretId, TmpSecretKey and Token");
        }
        if (expiredTime == null || !expiredTime.isIntegralNumber()) {
            throw new CredentialsUnavailableException(what + " answered without a numeric ExpiredTime");
        }
        try {
            return new IssuedCredentials(new Credentials(secretId, secretKey, token),
                    Instant.ofEpochSecond(expiredTime.longValue()));
        } catch (IllegalArgumentException e) {
            throw new CredentialsUnavailableException(what + " answered unusable credentials: " + e.getMessage());
        }
    }

    /** Server text for an error message: one line, bounded. */
    static String quote(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > MAX_QUOTED_CHARS ? clean.substring(0, MAX_QUOTED_CHARS) + "…" : clean;
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isBlank() ? node.stringValue() : null;
    }
}
