package io.trtcstop.worker.trtc;

import java.util.Objects;

/** Supplies the credentials to sign each API call with. Implementations must be thread-safe. */
public interface CredentialsProvider {

    /** The credentials to use now. Called once per API call, so rotation takes effect at once. */
    Credentials current();

    /**
     * Reloads the credentials from their source. Callers use it before their single retry after
     * {@code AuthFailure.TokenFailure} or {@code AuthFailure.SignatureExpire}; fixed credentials
     * have nothing to reload.
     */
    default void refresh() {
    }

    /** Failed refreshes since start (0 for credentials that are never refreshed), for the metric. */
    default long refreshFailures() {
        return 0;
    }

    static CredentialsProvider fixed(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new CredentialsProvider() {
            @Override
            public Credentials current() {
                return credentials;
            }

            @Override
            public String toString() {
                return "fixed " + credentials;
            }
        };
    }
}
