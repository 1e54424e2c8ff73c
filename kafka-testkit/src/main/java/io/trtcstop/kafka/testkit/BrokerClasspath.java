package io.trtcstop.kafka.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of the broker child JVM: the jars that module kafka-broker resolved at build time (read
 * from its {@code broker.classpath} resource, because those jars are deliberately not on our own
 * classpath) plus the location of {@link ParentWatchdogMain}.
 */
final class BrokerClasspath {

    static final String RESOURCE = "io/trtcstop/kafka/broker/broker.classpath";

    private BrokerClasspath() {
    }

    static List<Path> load() {
        List<Path> entries = new ArrayList<>(parse(readResource()));
        entries.add(watchdogLocation());
        return List.copyOf(entries);
    }

    /** Parses the resource's text: entries separated by the platform's path separator, all of which must exist. */
    static List<Path> parse(String text) {
        List<Path> entries = Arrays.stream(text.strip().split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
        if (entries.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " is empty: rebuild module kafka-broker");
        }
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new IllegalStateException(RESOURCE + " lists " + entry + ", which does not exist: rebuild"
                        + " module kafka-broker (mvn -pl kafka-broker package) against this machine's Maven repository");
            }
        }
        return entries;
    }

    private static String readResource() {
        try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: depend on io.trtcstop:kafka-broker"
                        + " (with a wildcard exclusion, as kafka-testkit does) or build it first (mvn -pl <module> -am)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Path watchdogLocation() {
        try {
            return Path.of(ParentWatchdogMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + ParentWatchdogMain.class.getName(), e);
        }
    }
}
