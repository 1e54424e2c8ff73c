package io.trtcstop.bench;

/**
 * The rows every quota variant reports from the emulator's counts: accepted calls per second, the throttled share,
 * the worst second offered (the most calls, accepted + throttled, in one of the emulator's one-second windows) and
 * the calls by answer. A null target reports the figure without checking it.
 */
final class QuotaFigures {

    /** The emulator's limit in every quota variant: DeleteCloudTranscription calls per second. */
    static final int API_QUOTA = 20;

    private QuotaFigures() {
    }

    /** Accepted calls over the interval (all of the run's accepted calls, divided by its length). */
    static double acceptedPerSecond(EmulatorStats stats, long startMillis, long endMillis) {
        double seconds = (endMillis - startMillis) / 1000.0;
        return seconds <= 0 ? Double.NaN : stats.accepted() / seconds;
    }

    static void rate(ScenarioResult result, String name, double perSecond, Double atLeast) {
        if (atLeast == null) {
            result.add(name, perSecond, "calls/s");
        } else {
            result.atLeast(name, perSecond, "calls/s", atLeast);
        }
    }

    /** Calls accepted / throttled, the throttled share (at most {@code maxThrottledPercent}) and calls by answer. */
    static void calls(ScenarioResult result, String label, EmulatorStats stats, Double maxThrottledPercent) {
        result.add(label + ": API calls (accepted / RequestLimitExceeded)",
                stats.accepted() + " / " + stats.throttled(), "");
        String share = label + ": RequestLimitExceeded share of calls";
        if (maxThrottledPercent == null) {
            result.add(share, stats.throttledPercent(), "%");
        } else {
            result.atMost(share, stats.throttledPercent(), "%", maxThrottledPercent);
        }
        result.add(label + ": calls by answer", stats.deleteCallsByCode().toString(), "");
    }

    /** The worst second offered over the whole run (at most {@code max}), and how many seconds went over the quota. */
    static void worstSecond(ScenarioResult result, String label, EmulatorStats stats, Double max) {
        String name = label + ": worst second offered (accepted + throttled)";
        if (max == null) {
            result.add(name, stats.worstSecondOffered(), "calls");
        } else {
            result.atMost(name, stats.worstSecondOffered(), "calls", max);
        }
        result.add(label + ": seconds with more than " + API_QUOTA + " offered",
                stats.secondsOffering(API_QUOTA) + " of " + stats.deleteCallsPerSecond().size(), "");
    }
}
