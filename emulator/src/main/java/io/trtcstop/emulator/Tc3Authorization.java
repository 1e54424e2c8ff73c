package io.trtcstop.emulator;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code Authorization} header:
 * {@code TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex}.
 * Anything that does not have this shape is an {@code AuthFailure.SignatureFailure}.
 */
record Tc3Authorization(String secretId, String date, String service, List<String> signedHeaders,
                        String signature) {

    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9-]+");

    Tc3Authorization {
        signedHeaders = List.copyOf(signedHeaders);
    }

    String credentialScope() {
        return Tc3Signer.credentialScope(date, service);
    }

    String signedHeadersValue() {
        return String.join(";", signedHeaders);
    }

    static Tc3Authorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw malformed("the Authorization header is missing");
        }
        String value = header.strip();
        String prefix = Tc3Signer.ALGORITHM + " ";
        if (!value.startsWith(prefix)) {
            throw malformed("the Authorization header must start with '" + prefix.strip() + " '");
        }
        Map<String, String> parts = parts(value.substring(prefix.length()));
        String[] credential = required(parts, "Credential").split("/", -1);
        if (credential.length != 4 || credential[0].isEmpty() || credential[2].isEmpty()) {
            throw malformed("Credential must be SecretId/yyyy-MM-dd/service/" + Tc3Signer.TERMINATOR);
        }
        if (!Tc3Signer.TERMINATOR.equals(credential[3])) {
            throw malformed("the credential scope must end with /" + Tc3Signer.TERMINATOR);
        }
        requireDate(credential[1]);
        List<String> signedHeaders = signedHeaders(required(parts, "SignedHeaders"));
        String signature = required(parts, "Signature");
        if (!SIGNATURE.matcher(signature).matches()) {
            throw malformed("Signature must be 64 lowercase hexadecimal characters");
        }
        return new Tc3Authorization(credential[0], credential[1], credential[2], signedHeaders, signature);
    }

    private static Map<String, String> parts(String list) {
        Map<String, String> parts = new HashMap<>();
        for (String part : list.split(",", -1)) {
            String trimmed = part.strip();
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw malformed("expected Credential=..., SignedHeaders=..., Signature=... but found '"
                        + trimmed + "'");
            }
            String key = trimmed.substring(0, equals);
            if (!Set.of("Credential", "SignedHeaders", "Signature").contains(key)) {
                throw malformed("unexpected Authorization part '" + key + "'");
            }
            if (parts.put(key, trimmed.substring(equals + 1)) != null) {
                throw malformed("the Authorization part '" + key + "' appears twice");
            }
        }
        return parts;
    }

    private static String required(Map<String, String> parts, String key) {
        String value = parts.get(key);
        if (value == null || value.isEmpty()) {
            throw malformed("the Authorization header has no " + key);
        }
        return value;
    }

    private static void requireDate(String date) {
        try {
            LocalDate.parse(date, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw malformed("the credential scope date '" + date + "' is not yyyy-MM-dd");
        }
    }

    private static List<String> signedHeaders(String value) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : value.split(";", -1)) {
            if (!HEADER_NAME.matcher(name).matches()) {
                throw malformed("SignedHeaders must be lowercase header names separated by ';' but was '"
                        + value + "'");
            }
            if (!seen.add(name)) {
                throw malformed("SignedHeaders lists '" + name + "' twice");
            }
            names.add(name);
        }
        if (!seen.contains("content-type") || !seen.contains("host")) {
            throw malformed("SignedHeaders must include content-type and host but was '" + value + "'");
        }
        return names;
    }

    private static ApiError malformed(String why) {
        return new ApiError(ApiError.SIGNATURE_FAILURE, "Malformed Authorization header: " + why + ".");
    }
}
