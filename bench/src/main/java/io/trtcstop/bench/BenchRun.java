package io.trtcstop.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything a scenario needs: the stack, the sizes, and how to start worker JVMs. */
record BenchRun(BenchStack stack, Sizes sizes, Path outputDir, Path java, Path workerJar,
                List<String> extraJvmArgs, Map<String, String> extraEnv, boolean jfr, Integer timeLimitSeconds,
                List<Path> recordings) {

    /** The scenario's variables, then the user's {@code --worker-env} over them. */
    Map<String, String> workerEnv(Map<String, String> scenarioEnv) {
        Map<String, String> env = new HashMap<>(scenarioEnv);
        env.putAll(extraEnv);
        return env;
    }

    /** The user's {@code --worker-jvm-arg}s, and a flight recording per instance with {@code --jfr}. */
    List<String> workerJvmArgs(Path dir, String instanceId) {
        List<String> args = new ArrayList<>(extraJvmArgs);
        if (jfr) {
            Path recording = dir.resolve(instanceId + ".jfr");
            recordings.add(recording);
            args.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        return args;
    }

    /** When a scenario must give up: its own estimate, or {@code --time-limit} seconds if given. */
    long deadline(long startMillis, long estimateSeconds) {
        long seconds = timeLimitSeconds != null ? timeLimitSeconds : estimateSeconds;
        return startMillis + seconds * 1000;
    }
}
