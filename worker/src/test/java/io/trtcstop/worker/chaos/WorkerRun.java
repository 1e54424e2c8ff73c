package io.trtcstop.worker.chaos;

import io.trtcstop.worker.it.WorkerProcess;
import java.nio.file.Path;
import java.util.Map;

/** One run of a worker instance: its process, the environment it was started with, and its log file. */
record WorkerRun(String name, Map<String, String> env, WorkerProcess process, Path log) {

    String describeEnd() {
        return process.isAlive() ? name + " (running)" : name + ": exit " + process.exitCode() + " (log "
                + log.toAbsolutePath() + ")";
    }
}
