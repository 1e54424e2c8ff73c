package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.trtc.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDefaultSectionOnly() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, """
                # written by tccli configure
                [staging]
                secret_id = AKIDstaging
                secret_key = staging-secret

                [default]
                ; the production key
                secret_id = AKIDdefault
                secret_key=default-secret
                """);
        assertThat(new ProfileFile(file).fetch()).isEqualTo(IssuedCredentials.permanent(Credentials.of("AKIDdefault", "default-secret")));
    }

    @Test
    void aMissingFileOrSectionIsAClearError() throws IOException {
        Path file = dir.resolve("credentials");
        assertThatThrownBy(() -> new ProfileFile(file).fetch()).hasMessage("the profile file " + file + " does not exist");
        Files.writeString(file, "[other]\nsecret_id = AKIDx\nsecret_key = y\n");
        assertThatThrownBy(() -> new ProfileFile(file).fetch())
                .hasMessage("the profile file " + file + " has no [default] section with secret_id and secret_key");
    }
}
