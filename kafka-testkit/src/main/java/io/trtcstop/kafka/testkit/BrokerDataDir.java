package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a {@link LocalKafkaBroker} keeps its files: its configuration, its log, and Kafka's own data. */
record BrokerDataDir(Path root) {

    BrokerDataDir {
        root = root.toAbsolutePath().normalize();
    }

    Path serverProperties() {
        return root.resolve("server.properties");
    }

    /** JVM options and classpath of the broker's JVM, as a java argument file. */
    Path jvmArgFile() {
        return root.resolve("jvm.args");
    }

    /** The broker's console output; never the test output. */
    Path brokerLog() {
        return root.resolve("broker.log");
    }

    /** Kafka's {@code log.dirs}: partitions, the metadata log, and {@code meta.properties}. */
    Path kafkaData() {
        return root.resolve("data");
    }

    boolean isFormatted() {
        return Files.exists(kafkaData().resolve("meta.properties"));
    }

    void create() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory " + root, e);
        }
    }

    void delete() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker's data directory " + root, e);
        }
    }
}
