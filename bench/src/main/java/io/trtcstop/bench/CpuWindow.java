package io.trtcstop.bench;

/**
 * The worker's CPU time and outcome count at the end of warm-up and when the last expected outcome arrived, so
 * that CPU per command excludes JVM start and JIT warm-up.
 */
record CpuWindow(int warmCount, double warmCpu, long warmMillis, int endCount, double endCpu, long endMillis) {

    /** Waits for warm-up, then for all {@code expected} outcomes; marks the result when time runs out. */
    static CpuWindow measure(OutcomeWatcher watcher, WorkerFleet fleet, int expected, double warmUpFraction,
                             long deadline, ScenarioResult result) throws InterruptedException {
        boolean warm = watcher.awaitOutcomes((int) (expected * warmUpFraction), deadline, () -> fleet.died() != null);
        double warmCpu = fleet.cpuSeconds();
        int warmCount = watcher.outcomes();
        long warmMillis = System.currentTimeMillis();
        boolean all = warm && watcher.awaitOutcomes(expected, deadline, () -> fleet.died() != null);
        double endCpu = fleet.cpuSeconds();
        int endCount = watcher.outcomes();
        long endMillis = System.currentTimeMillis();
        if (!all) {
            String died = fleet.died();
            if (died != null) {
                result.failed(died);
            } else {
                result.timedOut(endCount + " of " + expected + " outcomes");
            }
        }
        return new CpuWindow(warmCount, warmCpu, warmMillis, endCount, endCpu, endMillis);
    }

    double cpuPer1000() {
        return endCount > warmCount ? (endCpu - warmCpu) * 1000 / (endCount - warmCount) : Double.NaN;
    }

    double cores() {
        return endMillis > warmMillis ? (endCpu - warmCpu) * 1000 / (endMillis - warmMillis) : Double.NaN;
    }

    double outcomesPerSecond() {
        return endMillis > warmMillis ? (endCount - warmCount) * 1000.0 / (endMillis - warmMillis) : Double.NaN;
    }

    double totalCpu() {
        return endCpu;
    }
}
