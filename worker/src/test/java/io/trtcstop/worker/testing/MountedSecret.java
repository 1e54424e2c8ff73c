package io.trtcstop.worker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a Kubernetes Secret volume the way the kubelet does: each version in its own hidden directory, a
 * {@code ..data} symlink swapped atomically to the new one, and each key a symlink through {@code ..data}. So a
 * rotation changes every file at the same instant.
 */
public final class MountedSecret {

    private MountedSecret() {
    }

    public static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        Path version = Files.createTempDirectory(dir, "..2026_");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(version.resolve(file.getKey()), file.getValue() + "\n");
        }
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, version.getFileName());
        Files.move(link, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (String name : files.keySet()) {
            Path file = dir.resolve(name);
            if (!Files.isSymbolicLink(file)) {
                Files.createSymbolicLink(file, Path.of("..data", name));
            }
        }
    }

    /** The two files of an API key: {@code secret_id} and {@code secret_key}. */
    public static void writeKey(Path dir, String secretId, String secretKey) throws IOException {
        write(dir, Map.of("secret_id", secretId, "secret_key", secretKey));
    }
}
