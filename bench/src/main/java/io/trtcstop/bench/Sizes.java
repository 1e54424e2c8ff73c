package io.trtcstop.bench;

/**
 * How big each scenario is. The full sizes are the issue's; {@code --quick} shrinks them so that all five
 * scenarios take a few minutes; each can be overridden by its own flag.
 */
record Sizes(int overheadCommands, int ioCommands, int inFlight, int baselineSeconds, int quotaBacklog,
             int quotaTrickleSeconds, int quotaSlowSeconds, int latencySeconds, int faultSeconds, int memoryCommands,
             String memoryHeap) {

    static final Sizes FULL = new Sizes(50_000, 10_000, 64, 30, 2_000, 60, 40, 60, 3, 200_000, "256m");
    static final Sizes QUICK = new Sizes(10_000, 3_000, 64, 15, 300, 20, 15, 15, 3, 20_000, "256m");
}
