package io.trtcstop.bench;

/** One benchmark scenario; it ends on its own within its time limit and reports what it measured. */
interface Scenario {

    String name();

    /** Fills {@code result}; returns normally also when it ran out of time (it marks the result so). */
    void run(BenchRun run, ScenarioResult result) throws Exception;

    String describe(Sizes sizes);
}
