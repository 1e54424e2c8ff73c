package io.trtcstop.emulator;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON body of an API call, read with the API's parameter rules and error codes. */
final class RequestParameters {

    private final ObjectNode body;

    private RequestParameters(ObjectNode body) {
        this.body = body;
    }

    static RequestParameters from(Optional<JsonNode> json) {
        JsonNode node = json.orElseThrow(() -> new ApiError(ApiError.INVALID_PARAMETER,
                "The request body is not valid JSON."));
        if (!node.isObject()) {
            throw new ApiError(ApiError.INVALID_PARAMETER,
                    "The request body must be a JSON object but was " + describe(node) + ".");
        }
        return new RequestParameters((ObjectNode) node);
    }

    /** Parameters the action does not define are an error, as in the API. */
    RequestParameters allowOnly(Set<String> names) {
        for (String name : body.propertyNames()) {
            if (!names.contains(name)) {
                throw new ApiError(ApiError.UNKNOWN_PARAMETER,
                        "The parameter `" + name + "` is not recognized; this action takes " + names + ".");
            }
        }
        return this;
    }

    long sdkAppId() {
        JsonNode node = body.get("SdkAppId");
        if (node == null || node.isNull()) {
            throw new ApiError(ApiError.MISSING_SDK_APP_ID, "The parameter `SdkAppId` is missing.");
        }
        if (!node.isNumber()) {
            throw new ApiError(ApiError.INVALID_PARAMETER,
                    "The parameter `SdkAppId` must be an Integer but was " + describe(node) + ".");
        }
        if (!node.isIntegralNumber()) {
            throw invalidSdkAppId(node);
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(SdkAppIds.MIN)) < 0
                || value.compareTo(BigInteger.valueOf(SdkAppIds.MAX)) > 0) {
            throw invalidSdkAppId(node);
        }
        return value.longValueExact();
    }

    /** A required, non-blank string; absent, null or blank is {@code missingCode}. */
    String requiredString(String name, String missingCode) {
        return optionalString(name)
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new ApiError(missingCode, "The parameter `" + name + "` is missing."));
    }

    Optional<String> optionalString(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw new ApiError(ApiError.INVALID_PARAMETER,
                    "The parameter `" + name + "` must be a String but was " + describe(node) + ".");
        }
        return Optional.of(node.stringValue());
    }

    private static ApiError invalidSdkAppId(JsonNode node) {
        return new ApiError(ApiError.INVALID_SDK_APP_ID, "SdkAppId " + node + " is incorrect: it must be an integer "
                + "from " + SdkAppIds.MIN + " to " + SdkAppIds.MAX + ".");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
