package io.trtcstop.worker.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's CAM role on Tencent Kubernetes Engine through OIDC: STS {@code AssumeRoleWithWebIdentity} (version
 * 2018-08-13, unsigned: the web identity token is the proof) with the projected service-account token that TKE
 * mounts at {@code TKE_WEB_IDENTITY_TOKEN_FILE}. The file is read on every fetch, because the kubelet rotates that
 * token long before a worker stops.
 */
public final class TkeOidc implements CredentialSource {

    public static final URI DEFAULT_STS_ENDPOINT = URI.create("https://sts.tencentcloudapi.com");
    static final String ACTION = "AssumeRoleWithWebIdentity";
    static final String VERSION = "2018-08-13";
    /** What Tencent's SDK asks for; the worker refreshes long before. */
    static final Duration SESSION_DURATION = Duration.ofHours(2);

    /** The four TKE variables. */
    public record Settings(String region, String providerId, Path tokenFile, String roleArn) {
        public Settings {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(roleArn, "roleArn");
        }
    }

    private final CredentialsHttp http;
    private final URI stsEndpoint;
    private final Settings settings;
    private final Clock clock;

    TkeOidc(CredentialsHttp http, URI stsEndpoint, Settings settings, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IssuedCredentials fetch() {
        String token = webIdentityToken();
        ObjectNode body = CredentialsHttp.JSON.createObjectNode();
        body.put("ProviderId", settings.providerId());
        body.put("WebIdentityToken", token);
        body.put("RoleArn", settings.roleArn());
        // Shows in CloudAudit as who assumed the role; microseconds like the SDK's, so sessions are told apart.
        body.put("RoleSessionName", "trtc-stop-worker-" + clock.instant().toEpochMilli() * 1000);
        body.put("DurationSeconds", SESSION_DURATION.toSeconds());
        HttpRequest.Builder request = http.request(stsEndpoint.resolve("/"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-TC-Action", ACTION)
                .header("X-TC-Version", VERSION)
                .header("X-TC-Region", settings.region())
                .header("X-TC-Timestamp", Long.toString(clock.instant().getEpochSecond()))
                .header("Authorization", "SKIP")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CredentialsHttp.JSON.writeValueAsBytes(body)));
        String what = "STS " + ACTION + " at " + stsEndpoint;
        JsonNode response = CredentialsHttp.json(http.send(request, what), what).path("Response");
        JsonNode error = response.get("Error");
        if (error != null) {
            // STS does not echo the token, but a message is server text: blank the token out anyway.
            String message = error.path("Message").asString("").replace(token, "***");
            throw new CredentialsUnavailableException(what + " failed with " + CredentialsHttp.quote(error.path("Code").asString(""))
                    + ": " + CredentialsHttp.quote(message));
        }
        return CredentialsHttp.temporaryKey(response.path("Credentials"), response.get("ExpiredTime"), what);
    }

    private String webIdentityToken() {
        try {
            String token = Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new CredentialsUnavailableException("the web identity token file " + settings.tokenFile() + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new CredentialsUnavailableException("the web identity token file " + settings.tokenFile()
                    + " cannot be read", e);
        }
    }

    @Override
    public String describe() {
        return "TKE OIDC role " + settings.roleArn() + " (provider " + settings.providerId() + ", region "
                + settings.region() + ", token file " + settings.tokenFile() + ") through STS at " + stsEndpoint;
    }
}
