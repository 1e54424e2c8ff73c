package io.trtcstop.emulator;

import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * STS {@code AssumeRoleWithWebIdentity} (version 2018-08-13), as TKE's OIDC pods call it: unsigned
 * ({@code Authorization: SKIP}), a JSON body with {@code ProviderId}, {@code WebIdentityToken}, {@code RoleArn},
 * {@code RoleSessionName} and an optional {@code DurationSeconds}; the answer carries {@code Credentials}
 * ({@code TmpSecretId}, {@code TmpSecretKey}, {@code Token}), {@code ExpiredTime} (Unix seconds) and
 * {@code Expiration} (ISO-8601), and the TRTC endpoint then accepts those credentials until they expire.
 */
final class AssumeRoleWithWebIdentity {

    static final String ACTION = "AssumeRoleWithWebIdentity";
    static final String VERSION = "2018-08-13";
    static final long MIN_DURATION_SECONDS = 1;
    static final long MAX_DURATION_SECONDS = 43_200;

    private final TemporaryCredentials credentials;

    AssumeRoleWithWebIdentity(TemporaryCredentials credentials) {
        this.credentials = credentials;
    }

    ObjectNode answer(ApiCall call) {
        String version = call.header("X-TC-Version");
        if (!VERSION.equals(version)) {
            throw new ApiError(ApiError.NO_SUCH_VERSION, "The API version '" + version + "' does not exist; STS's is "
                    + VERSION + ".");
        }
        String region = call.header("X-TC-Region");
        if (region == null || region.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The X-TC-Region header is missing.");
        }
        JsonNode body = call.json().filter(JsonNode::isObject)
                .orElseThrow(() -> new ApiError(ApiError.INVALID_PARAMETER, "The body must be a JSON object."));
        String providerId = required(body, "ProviderId");
        String token = required(body, "WebIdentityToken");
        String roleArn = required(body, "RoleArn");
        required(body, "RoleSessionName");
        Duration duration = duration(body.get("DurationSeconds"));
        if (credentials.providerId() == null || !credentials.providerId().equals(providerId)) {
            throw new ApiError(ApiError.PARAM_ERROR, "The identity provider '" + providerId + "' does not exist.");
        }
        if (credentials.roleArn() == null || !credentials.roleArn().equals(roleArn)) {
            throw new ApiError(ApiError.ROLE_NOT_EXIST, "The role '" + roleArn + "' does not exist.");
        }
        if (!credentials.acceptsWebIdentityToken(token.strip())) {
            throw new ApiError(ApiError.WEB_IDENTITY_TOKEN_ERROR, "The web identity token is invalid or expired.");
        }
        KeyRing.Key key = credentials.issue(duration);
        ObjectNode answer = JsonCodec.MAPPER.createObjectNode();
        TemporaryCredentials.writeKey(answer.putObject("Credentials"), key);
        answer.put("ExpiredTime", key.expiresAt().getEpochSecond());
        answer.put("Expiration", key.expiresAt().toString());
        return answer;
    }

    private static String required(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, "The parameter " + name + " is missing.");
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "The parameter " + name + " must be a non-empty string.");
        }
        return value.stringValue();
    }

    private static Duration duration(JsonNode value) {
        if (value == null || value.isNull()) {
            return TemporaryCredentials.DEFAULT_LIFETIME;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()
                || value.longValue() < MIN_DURATION_SECONDS || value.longValue() > MAX_DURATION_SECONDS) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "DurationSeconds must be a whole number from "
                    + MIN_DURATION_SECONDS + " to " + MAX_DURATION_SECONDS + ".");
        }
        return Duration.ofSeconds(value.longValue());
    }
}
