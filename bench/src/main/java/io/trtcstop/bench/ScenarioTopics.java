package io.trtcstop.bench;

/** A scenario run's own topics and consumer group, so runs never see each other's records or offsets. */
record ScenarioTopics(String scenario, int partitions, String stop, String outcome, String deadLetter, String group) {

    static ScenarioTopics forRun(String run, String runId, int partitions) {
        String base = "bench." + run + "." + runId;
        return new ScenarioTopics(run, partitions, base + ".stop", base + ".outcome", base + ".dlq",
                "bench-" + run + "-" + runId);
    }
}
