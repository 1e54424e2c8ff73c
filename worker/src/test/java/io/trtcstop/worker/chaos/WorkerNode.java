package io.trtcstop.worker.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged worker ({@code java -jar target/trtc-stop-worker.jar run}) in its own process, with its
 * own log file. A restart is a new node with the same environment, as a restarted pod would be.
 */
final class WorkerNode {

    static final Path JAR = Path.of("target", "trtc-stop-worker.jar");

    private final String name;
    private final Map<String, String> env;
    private final Process process;
    private final Path log;

    private WorkerNode(String name, Map<String, String> env, Process process, Path log) {
        this.name = name;
        this.env = env;
        this.process = process;
        this.log = log;
    }

    static WorkerNode start(String name, Map<String, String> env, Path logDir) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: chaos tests run after 'package'");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDir.resolve(name + ".log");
        // Serial GC and C1 only: up to five of these share two cores with the broker and the test.
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "run"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return new WorkerNode(name, Map.copyOf(env), pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    String name() {
        return name;
    }

    Map<String, String> env() {
        return env;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as Kubernetes sends it. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown path runs at all. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker " + name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing worker " + name, e);
        }
    }

    boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    Path logFile() {
        return log;
    }
}
