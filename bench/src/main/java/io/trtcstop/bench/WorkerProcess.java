package io.trtcstop.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker instance: the packaged jar ({@code java -jar trtc-stop-worker.jar run}) in its own JVM, configured
 * only by environment variables, as in production. Its console goes to a file; its heap is logged by the GC.
 */
final class WorkerProcess {

    /** Inherited variables the worker ignores but the JVM or the OS need. Everything else is set on purpose. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");

    private final String instanceId;
    private final Process process;
    private final Path logFile;
    private final Path gcLogFile;
    private final long startedAtMillis;
    private Integer exitCode;

    private WorkerProcess(String instanceId, Process process, Path logFile, Path gcLogFile, long startedAtMillis) {
        this.instanceId = instanceId;
        this.process = process;
        this.logFile = logFile;
        this.gcLogFile = gcLogFile;
        this.startedAtMillis = startedAtMillis;
    }

    static WorkerProcess start(Path java, Path workerJar, Path dir, String instanceId, Map<String, String> env,
                               List<String> jvmArgs) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(instanceId + ".log");
            Path gcLog = dir.resolve(instanceId + "-gc.log");
            Files.deleteIfExists(gcLog); // the JVM would rotate an old one aside; we read only this name
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.add("-Xlog:gc:file=" + gcLog + ":uptime");
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", workerJar.toString(), "run"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Map<String, String> childEnv = pb.environment();
            childEnv.keySet().retainAll(INHERITED);
            childEnv.putAll(env);
            long now = System.currentTimeMillis();
            return new WorkerProcess(instanceId, pb.start(), log, gcLog, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + instanceId, e);
        }
    }

    String instanceId() {
        return instanceId;
    }

    long pid() {
        return process.pid();
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    double cpuSeconds() {
        return ProcFs.cpuSeconds(process.pid());
    }

    double rssMib() {
        return ProcFs.statusMib(process.pid(), "VmRSS");
    }

    /** The high-water mark of its resident memory; read it before {@link #stop}, the kernel forgets it after. */
    double peakRssMib() {
        return ProcFs.statusMib(process.pid(), "VmHWM");
    }

    GcLog gcLog() {
        return GcLog.read(gcLogFile);
    }

    /** SIGTERM (the worker stops gracefully), SIGKILL if it is not gone within the grace; returns the exit code. */
    int stop(Duration grace) {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        return exitCode;
    }

    /** SIGKILL, as a crash or an OOM kill would end it: no shutdown at all. Returns the exit code (137). */
    int kill() {
        if (exitCode != null) {
            return exitCode;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        return exitCode;
    }

    /** The exit code if it ended on its own, before anyone stopped it (a crash, an OutOfMemoryError). */
    Integer exitedEarly() {
        return exitCode == null && !process.isAlive() ? process.exitValue() : null;
    }

    /** Whether its console shows an OutOfMemoryError or an ERROR line. */
    boolean logShows(String text) {
        try {
            try (var lines = Files.lines(logFile)) {
                return lines.anyMatch(l -> l.contains(text));
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
