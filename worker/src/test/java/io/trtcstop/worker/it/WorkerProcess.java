package io.trtcstop.worker.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as operators run it: {@code java -jar target/trtc-stop-worker.jar run}, in its own process. Public for
 * the chaos tests ({@code io.trtcstop.worker.chaos}).
 */
public final class WorkerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "trtc-stop-worker.jar");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static WorkerProcess start(Map<String, String> env, Path logDir, String name) throws IOException {
        return start(env, logDir, name, "run");
    }

    /** The jar with other arguments, e.g. {@code dlq replay ...}; stdout and stderr both go to the log. */
    public static WorkerProcess start(Map<String, String> env, Path logDir, String name, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: integration tests run after 'package'");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDir.resolve(name + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new WorkerProcess(pb.start(), log);
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown path runs at all. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
