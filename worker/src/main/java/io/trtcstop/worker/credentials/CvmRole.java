package io.trtcstop.worker.credentials;

import java.net.URI;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The CAM role of the CVM instance the worker runs on, from the instance metadata service
 * ({@code http://metadata.tencentyun.com}): {@code GET /latest/meta-data/cam/security-credentials/} names the
 * role (unless it is configured), {@code GET .../<role>} answers temporary credentials with their
 * {@code ExpiredTime}. Only reachable from the instance itself, so no authentication.
 */
public final class CvmRole implements CredentialSource {

    public static final URI DEFAULT_METADATA_ENDPOINT = URI.create("http://metadata.tencentyun.com");
    static final String CREDENTIALS_PATH = "/latest/meta-data/cam/security-credentials/";

    private final CredentialsHttp http;
    private final URI metadataEndpoint;
    private final String configuredRole;

    /** @param role the role name, or {@code null} to ask the metadata service which role the instance has */
    CvmRole(CredentialsHttp http, URI metadataEndpoint, String role) {
        this.http = Objects.requireNonNull(http, "http");
        this.metadataEndpoint = Objects.requireNonNull(metadataEndpoint, "metadataEndpoint");
        this.configuredRole = role;
    }

    @Override
    public IssuedCredentials fetch() {
        String role = configuredRole != null ? configuredRole : discoverRole();
        String what = "the instance metadata (role " + role + ")";
        JsonNode answer = CredentialsHttp.json(http.send(http.request(uri(CREDENTIALS_PATH + role)).GET(), what), what);
        JsonNode code = answer.get("Code");
        if (code == null || !"Success".equals(code.stringValue())) {
            throw new CredentialsUnavailableException(what + " answered Code "
                    + (code == null ? "(none)" : CredentialsHttp.quote(code.asString())));
        }
        return CredentialsHttp.temporaryKey(answer, answer.get("ExpiredTime"), what);
    }

    private String discoverRole() {
        String body = http.send(http.request(uri(CREDENTIALS_PATH)).GET(), "the instance metadata (role name)");
        String role = body.strip().lines().findFirst().orElse("").strip();
        if (role.isEmpty() || role.contains("/") || role.contains(" ")) {
            throw new CredentialsUnavailableException("the instance metadata names no CAM role for this instance");
        }
        return role;
    }

    private URI uri(String path) {
        return metadataEndpoint.resolve(path);
    }

    @Override
    public String describe() {
        return "CVM role " + (configuredRole == null ? "(the instance's)" : configuredRole) + " from the instance metadata at "
                + metadataEndpoint;
    }
}
