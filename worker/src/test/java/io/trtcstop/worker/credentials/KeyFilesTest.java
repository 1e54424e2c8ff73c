package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.testing.MountedSecret;
import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsAMountedSecretAndItsRotation() throws IOException {
        MountedSecret.writeKey(dir, "AKIDfirst", "first-secret");
        KeyFiles files = new KeyFiles(dir);
        assertThat(files.fetch()).isEqualTo(IssuedCredentials.permanent(Credentials.of("AKIDfirst", "first-secret")));

        MountedSecret.writeKey(dir, "AKIDsecond", "second-secret");

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
