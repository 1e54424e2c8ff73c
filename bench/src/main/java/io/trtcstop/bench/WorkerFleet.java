package io.trtcstop.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The worker instances of one scenario run. */
final class WorkerFleet implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(40);

    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<Integer> exitCodes = new ArrayList<>();

    WorkerFleet(BenchRun run, ScenarioTopics topics, int instances, Map<String, String> env, List<String> jvmArgs) {
        this(run, topics, instances, env, i -> jvmArgs);
    }

    /** {@code jvmArgsOf}: the JVM options of the i-th instance (0-based), before the user's {@code --worker-jvm-arg}s. */
    WorkerFleet(BenchRun run, ScenarioTopics topics, int instances, Map<String, String> env,
                IntFunction<List<String>> jvmArgsOf) {
        Path dir = run.outputDir().resolve(topics.scenario());
        for (int i = 0; i < instances; i++) {
            String id = topics.scenario() + "-" + i;
            List<String> args = new ArrayList<>(jvmArgsOf.apply(i));
            args.addAll(run.workerJvmArgs(dir, id));
            workers.add(WorkerProcess.start(run.java(), run.workerJar(), dir, id,
                    run.stack().workerEnv(topics, id, run.workerEnv(env)), args));
        }
    }

    List<WorkerProcess> workers() {
        return workers;
    }

    WorkerProcess first() {
        return workers.getFirst();
    }

    long startedAtMillis() {
        return workers.getFirst().startedAtMillis();
    }

    /** SIGKILLs the i-th instance (0-based); it no longer counts as {@link #died()}. Returns when it is gone. */
    int kill(int i) {
        return workers.get(i).kill();
    }

    /** The first instance that ended by itself, described, or null while all run. */
    String died() {
        for (WorkerProcess w : workers) {
            Integer code = w.exitedEarly();
            if (code != null) {
                return w.instanceId() + " exited with " + code + " (see " + w.logFile() + ")";
            }
        }
        return null;
    }

    double cpuSeconds() {
        return workers.stream().filter(WorkerProcess::alive).mapToDouble(WorkerProcess::cpuSeconds).sum();
    }

    /** Stops every instance (SIGTERM, all at once) and returns their exit codes. */
    List<Integer> stop() {
        if (exitCodes.isEmpty()) {
            for (WorkerProcess w : workers) {
                if (w.alive()) {
                    ProcessHandle.of(w.pid()).ifPresent(ProcessHandle::destroy);
                }
            }
            for (WorkerProcess w : workers) {
                exitCodes.add(w.stop(STOP_GRACE));
            }
        }
        return exitCodes;
    }

    @Override
    public void close() {
        stop();
    }
}
