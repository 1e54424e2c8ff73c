package io.trtcstop.emulator;

import java.util.Objects;

/** The one API key pair (and optional STS session token) the emulator accepts. */
record Credentials(String secretId, String secretKey, String sessionToken) {

    Credentials {
        requireText(secretId, "secretId");
        requireText(secretKey, "secretKey");
        if (sessionToken != null && sessionToken.isEmpty()) {
            sessionToken = null;
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    boolean hasSessionToken() {
        return sessionToken != null;
    }

    /** Never shows the secret key or the token. */
    @Override
    public String toString() {
        return "Credentials[secretId=" + secretId + ", secretKey=***, sessionToken="
                + (sessionToken == null ? "none" : "***") + "]";
    }
}
