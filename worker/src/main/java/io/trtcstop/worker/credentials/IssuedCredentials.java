package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import java.time.Instant;
import java.util.Objects;

/**
 * Credentials as a source handed them out.
 *
 * @param expiresAt when temporary credentials stop working, or {@code null} for keys that do not expire
 */
public record IssuedCredentials(Credentials credentials, Instant expiresAt) {

    public IssuedCredentials {
        Objects.requireNonNull(credentials, "credentials");
    }

    public static IssuedCredentials permanent(Credentials credentials) {
        return new IssuedCredentials(credentials, null);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Safe to log: the masked SecretId and the expiry, never the key or token. */
    public String summary() {
        return "SecretId " + credentials.maskedSecretId()
                + (expiresAt == null ? ", permanent" : ", temporary until " + expiresAt);
    }
}
