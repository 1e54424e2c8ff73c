package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    /** Lays the files out as the kubelet does: a timestamped directory, ..data pointing at it, files linking through it. */
    static void writeSecret(Path dir, String secretId, String secretKey) throws IOException {
        Path version = Files.createTempDirectory(dir, "..2026_");
        Files.writeString(version.resolve(KeyFiles.SECRET_ID_FILE), secretId + "\n");
        Files.writeString(version.resolve(KeyFiles.SECRET_KEY_FILE), secretKey + "\n");
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, version.getFileName());
        Files.move(link, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (String name : List.of(KeyFiles.SECRET_ID_FILE, KeyFiles.SECRET_KEY_FILE)) {
            Path file = dir.resolve(name);
            if (!Files.isSymbolicLink(file)) {
                Files.createSymbolicLink(file, Path.of("..data", name));
            }
        }
    }

    @Test
    void readsAMountedSecretAndItsRotation() throws IOException {
        writeSecret(dir, "AKIDfirst", "first-secret");
        KeyFiles files = new KeyFiles(dir);
        assertThat(files.fetch()).isEqualTo(IssuedCredentials.permanent(Credentials.of("AKIDfirst", "first-secret")));

        writeSecret(dir, "AKIDsecond", "second-secret");

        assertThat(files.fetch().credentials()).isEqualTo(Credentials.of("AKIDsecond", "second-secret"));
    }

    @Test
    void anOptionalSessionTokenFileIsSent() throws IOException {
        Files.writeString(dir.resolve("secret_id"), "AKIDtemp");
        Files.writeString(dir.resolve("secret_key"), "temp-secret");
        Files.writeString(dir.resolve("session_token"), "temp-token\n");
        assertThat(new KeyFiles(dir).fetch().credentials()).isEqualTo(new Credentials("AKIDtemp", "temp-secret", "temp-token"));
    }

    @Test
    void missingOrBadFilesAreClearErrorsWithoutTheirContent() throws IOException {
        assertThatThrownBy(() -> new KeyFiles(dir.resolve("nope")).fetch())
                .hasMessage("the key directory " + dir.resolve("nope") + " does not exist");
        Files.writeString(dir.resolve("secret_id"), "AKIDonly");
        assertThatThrownBy(() -> new KeyFiles(dir).fetch())
                .hasMessage("the key file " + dir.resolve("secret_key") + " does not exist");
        Files.writeString(dir.resolve("secret_key"), "has a space in-the-secret");
        assertThatThrownBy(() -> new KeyFiles(dir).fetch())
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("secretKey must be printable ASCII without spaces")
                .hasMessageNotContaining("in-the-secret");
    }
}
