package io.trtcstop.worker.chaos;

import io.trtcstop.worker.it.WorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker processes of one chaos run, in slots: slot {@code i} holds the latest run of instance {@code i};
 * {@link #crash} kills it hard and {@link #restart} starts a new run with the same environment, as a restarted pod
 * would be. Every run ever started is remembered, so the test can show that none ended on its own, and all are
 * killed at the end (or when the test JVM exits).
 */
final class WorkerFleet implements AutoCloseable {

    /** Serial GC and C1 only: up to five workers share two cores with the broker and the test. */
    private static final String JVM_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final Path logDir;
    private final List<WorkerRun> slots = new ArrayList<>();
    private final List<WorkerRun> everyRun = new CopyOnWriteArrayList<>();
    private final List<WorkerRun> endedByTest = new CopyOnWriteArrayList<>();
    private final Thread reaper = new Thread(this::killAll, "chaos-fleet-reaper");
    private int crashes;

    WorkerFleet(Path logDir) {
        this.logDir = logDir;
        // If the test JVM ends without close() (e.g. a fork timeout), its workers must not outlive it.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a new instance in the next slot and returns its slot number. */
    synchronized int start(String name, Map<String, String> env) {
        slots.add(launch(name + "-run1", env));
        return slots.size() - 1;
    }

    synchronized WorkerRun node(int slot) {
        return slots.get(slot);
    }

    /** SIGKILL to the slot's current run; one that had already ended on its own stays counted as such. */
    synchronized void crash(int slot) throws InterruptedException {
        WorkerRun run = slots.get(slot);
        if (run.process().isAlive()) {
            endedByTest.add(run);
            run.process().kill();
        }
        crashes++;
    }

    /** A new run of the slot's instance with the same environment (and the same WORKER_INSTANCE_ID, if any). */
    synchronized WorkerRun restart(int slot) {
        WorkerRun old = slots.get(slot);
        if (old.process().isAlive()) {
            throw new IllegalStateException(old.name() + " is still running");
        }
        String base = old.name().substring(0, old.name().lastIndexOf("-run"));
        long runs = everyRun.stream().filter(r -> r.name().startsWith(base + "-run")).count();
        WorkerRun run = launch(base + "-run" + (runs + 1), old.env());
        slots.set(slot, run);
        return run;
    }

    /** SIGTERM to the slot's current run (it should drain and exit 0); returns that run. */
    WorkerRun terminate(int slot) {
        WorkerRun run = node(slot);
        endedByTest.add(run);
        run.process().terminate();
        return run;
    }

    /** The test expects this run to end by itself (e.g. on a duplicate instance id). */
    void expectExit(WorkerRun run) {
        endedByTest.add(run);
    }

    /** No instance is running any more: waiting for progress is pointless. */
    synchronized boolean noneAlive() {
        return slots.stream().noneMatch(r -> r.process().isAlive());
    }

    synchronized int crashes() {
        return crashes;
    }

    /** Runs that ended although the test neither crashed nor stopped them. */
    List<String> unexpectedExits() {
        return everyRun.stream().filter(r -> !r.process().isAlive() && !endedByTest.contains(r))
                .map(WorkerRun::describeEnd).toList();
    }

    List<WorkerRun> everyRun() {
        return List.copyOf(everyRun);
    }

    Path logDir() {
        return logDir;
    }

    private WorkerRun launch(String name, Map<String, String> env) {
        Map<String, String> withFlags = new HashMap<>(env);
        withFlags.put("JAVA_TOOL_OPTIONS", JVM_FLAGS);
        try {
            WorkerRun run = new WorkerRun(name, Map.copyOf(env), WorkerProcess.start(withFlags, logDir, name),
                    logDir.resolve(name + ".log"));
            everyRun.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook runs anyway
        }
    }

    private void killAll() {
        for (WorkerRun run : everyRun) {
            try {
                run.process().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
