package io.trtcstop.worker.credentials;

/** Where credentials come from: a file, STS, the instance metadata. Implementations do blocking I/O. */
public interface CredentialSource {

    /**
     * Reads or requests the credentials now.
     *
     * @throws CredentialsUnavailableException with a message safe to log
     */
    IssuedCredentials fetch();

    /** What this source is, for the start-up line and for errors; never a secret. */
    String describe();
}
