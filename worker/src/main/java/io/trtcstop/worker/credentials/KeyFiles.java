package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * API keys in files, one value per file, as a Kubernetes Secret mounted as a volume lays them out: files
 * {@code secret_id}, {@code secret_key} and optionally {@code session_token} in one directory. Read afresh on
 * every fetch, so a rotated Secret takes effect without a restart.
 *
 * <p>The kubelet updates such a volume by swapping a symlink, but a reader can still see one file before and
 * another after the swap; so the three files are read until two reads in a row agree.
 */
public final class KeyFiles implements CredentialSource {

    public static final String SECRET_ID_FILE = "secret_id";
    public static final String SECRET_KEY_FILE = "secret_key";
    public static final String SESSION_TOKEN_FILE = "session_token";
    private static final int MAX_READS = 5;

    private final Path directory;

    public KeyFiles(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public IssuedCredentials fetch() {
        if (!Files.isDirectory(directory)) {
            throw new CredentialsUnavailableException("the key directory " + directory + " does not exist");
        }
        Credentials previous = read();
        for (int i = 1; i < MAX_READS; i++) {
            Credentials again = read();
            if (again.equals(previous)) {
                return IssuedCredentials.permanent(again);
            }
            previous = again;
        }
        throw new CredentialsUnavailableException("the key files in " + directory + " kept changing while being read");
    }

    private Credentials read() {
        String secretId = value(SECRET_ID_FILE, true);
        String secretKey = value(SECRET_KEY_FILE, true);
        String token = value(SESSION_TOKEN_FILE, false);
        try {
            return new Credentials(secretId, secretKey, token);
        } catch (IllegalArgumentException e) {
            // The message names the field, never the value.
            throw new CredentialsUnavailableException("the key files in " + directory + " are not usable: " + e.getMessage());
        }
    }

    private String value(String name, boolean required) {
        Path file = directory.resolve(name);
        try {
            // A Secret created from a file often ends in a newline; the value itself never has spaces.
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            if (required) {
                throw new CredentialsUnavailableException("the key file " + file + " does not exist");
            }
            return null;
        } catch (IOException e) {
            throw new CredentialsUnavailableException("the key file " + file + " cannot be read", e);
        }
    }

    @Override
    public String describe() {
        return "key files " + SECRET_ID_FILE + "/" + SECRET_KEY_FILE + "[/" + SESSION_TOKEN_FILE + "] in " + directory;
    }
}
