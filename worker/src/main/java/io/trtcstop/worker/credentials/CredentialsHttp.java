package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the temporary-credential sources (STS, instance metadata): bounded calls, JSON answers, and
 * the {@code TmpSecretId}/{@code TmpSecretKey}/{@code Token}/{@code ExpiredTime} fields both of them answer with.
 */
final class CredentialsHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_QUOTED_CHARS = 200;

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

    /** The body of a 200 answer; anything else is a {@link CredentialsUnavailableException} naming {@code what}. */
    String send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CredentialsUnavailableException(what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + quote(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsUnavailableException(what + " was interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CredentialsUnavailableException(what + " answered HTTP " + response.statusCode());
        }
        return response.body();
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
