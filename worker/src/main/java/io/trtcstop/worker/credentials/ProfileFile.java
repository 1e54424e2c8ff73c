package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The profile file of Tencent Cloud's tools and SDKs ({@code ~/.tencentcloud/credentials}): an INI file whose
 * {@code [default]} section holds {@code secret_id} and {@code secret_key}. Read afresh on every fetch.
 */
public final class ProfileFile implements CredentialSource {

    static final String SECTION = "default";

    private final Path file;

    public ProfileFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public IssuedCredentials fetch() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CredentialsUnavailableException("the profile file " + file + " does not exist");
        } catch (IOException e) {
            throw new CredentialsUnavailableException("the profile file " + file + " cannot be read", e);
        }
        Map<String, String> values = section(lines, SECTION);
        String secretId = values.get("secret_id");
        String secretKey = values.get("secret_key");
        if (secretId == null || secretId.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new CredentialsUnavailableException("the profile file " + file + " has no [" + SECTION
                    + "] section with secret_id and secret_key");
        }
        try {
            return IssuedCredentials.permanent(Credentials.of(secretId, secretKey));
        } catch (IllegalArgumentException e) {
            throw new CredentialsUnavailableException("the profile file " + file + " is not usable: " + e.getMessage());
        }
    }

    /** The {@code key = value} lines of one {@code [section]}; {@code #} and {@code ;} start comment lines. */
    static Map<String, String> section(List<String> lines, String wanted) {
        Map<String, String> values = new HashMap<>();
        String current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int equals = line.indexOf('=');
            if (wanted.equals(current) && equals > 0) {
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return values;
    }

    @Override
    public String describe() {
        return "profile file " + file + " [" + SECTION + "]";
    }
}
