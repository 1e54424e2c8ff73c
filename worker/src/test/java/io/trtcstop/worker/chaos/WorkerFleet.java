package io.trtcstop.worker.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker processes of one chaos run, in slots: slot {@code i} holds the latest run of instance {@code i};
 * {@link #crash} kills it hard and {@link #restart} starts a new run with the same environment. Every run ever
 * started is remembered, so the test can show that none died on its own, and all are killed at the end.
 */
final class WorkerFleet implements AutoCloseable {

    private final Path logDir;
    private final List<WorkerNode> slots = new ArrayList<>();
    private final List<WorkerNode> everyRun = new CopyOnWriteArrayList<>();
    private final List<WorkerNode> endedByTest = new CopyOnWriteArrayList<>();
    private final Thread reaper = new Thread(this::killAll, "chaos-fleet-reaper");
    private int crashes;

    WorkerFleet(Path logDir) {
        this.logDir = logDir;
        // If the test JVM ends without close() (e.g. a fork timeout), its workers must not outlive it.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a new instance in the next slot and returns its slot number. */
    synchronized int start(String name, Map<String, String> env) {
        WorkerNode node = WorkerNode.start(name + "-run1", env, logDir);
        everyRun.add(node);
        slots.add(node);
        return slots.size() - 1;
    }

    synchronized WorkerNode node(int slot) {
        return slots.get(slot);
    }

    synchronized int size() {
        return slots.size();
    }

    /** SIGKILL to the slot's current run. */
    synchronized void crash(int slot) {
        WorkerNode node = slots.get(slot);
        endedByTest.add(node);
        node.kill();
        crashes++;
    }

    /** A new run of the slot's instance with the same environment (and the same WORKER_INSTANCE_ID, if any). */
    synchronized WorkerNode restart(int slot) {
        WorkerNode old = slots.get(slot);
        if (old.isAlive()) {
            throw new IllegalStateException(old.name() + " is still running");
        }
        String base = old.name().substring(0, old.name().lastIndexOf("-run"));
        long runs = everyRun.stream().filter(n -> n.name().startsWith(base + "-run")).count();
        WorkerNode node = WorkerNode.start(base + "-run" + (runs + 1), old.env(), logDir);
        everyRun.add(node);
        slots.set(slot, node);
        return node;
    }

    /** SIGTERM to the slot's current run (it should drain and exit 0); returns that run. */
    WorkerNode terminate(int slot) {
        WorkerNode node = node(slot);
        endedByTest.add(node);
        node.terminate();
        return node;
    }

    /** The test expects this run to end by itself (e.g. on a duplicate instance id). */
    void expectExit(WorkerNode node) {
        endedByTest.add(node);
    }

    /** No instance is running any more: waiting for progress is pointless. */
    synchronized boolean noneAlive() {
        return slots.stream().noneMatch(WorkerNode::isAlive);
    }

    synchronized int crashes() {
        return crashes;
    }

    /** Runs that ended although the test neither crashed nor stopped them: "name: exit N (log ...)" each. */
    List<String> unexpectedExits() {
        return everyRun.stream()
                .filter(n -> !n.isAlive() && !endedByTest.contains(n))
                .map(n -> n.name() + ": exit " + n.exitCode() + " (log " + n.logFile().toAbsolutePath() + ")")
                .toList();
    }

    List<WorkerNode> everyRun() {
        return List.copyOf(everyRun);
    }

    Path logDir() {
        return logDir;
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
        for (WorkerNode node : everyRun) {
            if (node.isAlive()) {
                node.kill();
            }
        }
    }
}
