package io.trtcstop.kafka.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts Kafka's main classes in child JVMs, each wrapped in {@link ParentWatchdogMain} so that it dies with
 * its parent, with all output appended to one log file (an unread pipe could block the broker).
 *
 * <p>JVM options and the 4 KB classpath go into a java argument file, so the visible command line stays
 * short and ends in the main class: {@code java @jvm.args ...ParentWatchdogMain kafka.Kafka server.properties}.
 * Tools that truncate command lines (ps, ProcessHandle) still show which program runs.
 */
record ChildJvmLauncher(Path javaExecutable, List<String> jvmOptions, List<Path> classpath, Path argFile, Path logFile) {

    /** Fast start and a small footprint; a test broker holds little data. */
    static final List<String> BROKER_JVM_OPTIONS = List.of(
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");

    ChildJvmLauncher {
        jvmOptions = List.copyOf(jvmOptions);
        classpath = List.copyOf(classpath);
    }

    static ChildJvmLauncher forBroker(List<Path> classpath, BrokerDataDir dataDir) {
        return new ChildJvmLauncher(currentJavaExecutable(), BROKER_JVM_OPTIONS, classpath,
                dataDir.jvmArgFile(), dataDir.brokerLog());
    }

    /** The java binary running this JVM, so the child gets the same, known-good runtime. */
    static Path currentJavaExecutable() {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    List<String> command(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.add("@" + argFile);
        command.add(ParentWatchdogMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** One argument per line, each quoted; in a java argument file a backslash inside quotes is an escape. */
    String argFileContent() {
        String joinedClasspath = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return Stream.concat(jvmOptions.stream(), Stream.of("-cp", joinedClasspath))
                .map(arg -> '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining("\n", "", "\n"));
    }

    ChildJvm launch(String mainClass, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, List.of(args)))
                .redirectInput(Redirect.PIPE) // held open by us, read by the watchdog
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        try {
            Files.writeString(argFile, argFileContent(), StandardCharsets.UTF_8);
            return new ChildJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + javaExecutable + " for " + mainClass, e);
        }
    }
}
