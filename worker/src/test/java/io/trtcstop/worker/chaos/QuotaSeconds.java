package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The account quota, second by second of the emulator's rate-limit windows, asserted (issue 17, item 6).
 *
 * <ul>
 *   <li><b>Offered</b> (accepted + throttled: accepted alone can never exceed the limit) stays at the limit in every
 *   second. The documented slack ({@link #EDGE_CALLS}, {@link #EDGE_SECONDS}): one call over it in at most one
 *   second of twenty, for a call that a busy host (two cores shared by the test, the broker and the workers) starts
 *   so late that it reaches the API in the next window.</li>
 *   <li>A {@link Slack} window (a scale step) allows more, but only as many calls as it states, for as long as it
 *   states, with its reason; no second is skipped.</li>
 *   <li>While a backlog lasts the group's <b>accepted</b> calls reach {@link #MIN_BACKLOG_SHARE} of the limit.</li>
 * </ul>
 */
final class QuotaSeconds {

    static final int EDGE_CALLS = 1;
    static final double EDGE_SECONDS = 0.05;
    static final double MIN_BACKLOG_SHARE = 0.95;
    static final double MAX_THROTTLED_SHARE = 0.01;

    /**
     * Seconds in which the group may offer up to {@code extraCalls} more than the limit, and why. The window is
     * bounded: {@code from} to {@code from + length}.
     */
    record Slack(Instant from, Duration length, int extraCalls, String reason) {
        boolean covers(long epochSecond) {
            return epochSecond >= from.getEpochSecond() && epochSecond <= from.plus(length).getEpochSecond();
        }
    }

    /** The seconds of a backlog: {@code first} to {@code last}, inclusive. */
    record Backlog(long first, long last) {
        long seconds() {
            return last - first + 1;
        }

        boolean covers(long epochSecond) {
            return epochSecond >= first && epochSecond <= last;
        }
    }

    private QuotaSeconds() {
    }

    /** Offered calls per second against the limit, with the slack stated. */
    static void checkOffered(List<CallsPerSecond.Second> seconds, int limit, List<Slack> slack, ChaosReport report) {
        List<CallsPerSecond.Second> over = seconds.stream().filter(s -> s.offered() > limit).toList();
        List<CallsPerSecond.Second> outside = over.stream()
                .filter(s -> slack.stream().noneMatch(w -> w.covers(s.epochSecond()))).toList();
        long worst = seconds.stream().mapToLong(CallsPerSecond.Second::offered).max().orElse(0);
        report.figure("worst second offered", "%d calls (limit %d); %d of %d seconds over the limit: %s", worst, limit,
                over.size(), seconds.size(), describe(over));
        report.figure("quota slack", "%s", slack.isEmpty() ? "none" : slack.stream()
                .map(w -> String.format("+%d calls in %d..%d (%s)", w.extraCalls(), w.from().getEpochSecond(),
                        w.from().plus(w.length()).getEpochSecond(), w.reason()))
                .collect(Collectors.joining("; ")));
        List<CallsPerSecond.Second> farOver = outside.stream().filter(s -> s.offered() > limit + EDGE_CALLS).toList();
        long allowedEdgeSeconds = Math.max(1, (long) Math.floor(seconds.size() * EDGE_SECONDS));
        report.check(farOver.isEmpty(), "%d second(s) in which the group offered more than %d calls (limit %d + %d "
                + "for a late call): %s", farOver.size(), limit + EDGE_CALLS, limit, EDGE_CALLS, describe(farOver));
        report.check(outside.size() <= allowedEdgeSeconds, "%d seconds over the limit of %d, more than the %d "
                + "(%.0f %% of %d) a busy host explains: %s", outside.size(), limit, allowedEdgeSeconds,
                100 * EDGE_SECONDS, seconds.size(), describe(outside));
        for (Slack w : slack) {
            List<CallsPerSecond.Second> beyond = over.stream().filter(s -> w.covers(s.epochSecond()))
                    .filter(s -> s.offered() > limit + w.extraCalls()).toList();
            report.check(beyond.isEmpty(), "%s: more than %d + %d calls offered in %s", w.reason(), limit,
                    w.extraCalls(), describe(beyond));
        }
    }

    /** The throttled share of all offered calls. */
    static void checkThrottled(List<CallsPerSecond.Second> seconds, ChaosReport report) {
        long throttled = seconds.stream().mapToLong(CallsPerSecond.Second::throttled).sum();
        long offered = seconds.stream().mapToLong(CallsPerSecond.Second::offered).sum();
        double share = offered == 0 ? 0 : (double) throttled / offered;
        report.figure("throttled", "%d of %d calls offered (%.2f %%)", throttled, offered, 100 * share);
        report.check(share <= MAX_THROTTLED_SHARE, "%.2f %% of the calls offered were throttled (at most %.0f %%)",
                100 * share, 100 * MAX_THROTTLED_SHARE);
    }

    /**
     * The seconds of the backlog: from {@code growLate} after the second after the first call (the first is partly
     * used; a share that grows when the backlog arrives is used that much later, by design) to the second before
     * the first instance made its last call (from then on the instances that still have work get its share only
     * once it has settled, by design too).
     */
    static Backlog backlog(List<CallsPerSecond.Second> seconds, Map<String, List<CallsPerSecond.Second>> byCaller,
                           Duration growLate) {
        long first = seconds.stream().filter(s -> s.accepted() > 0).findFirst().orElseThrow().epochSecond() + 1
                + growLate.toSeconds();
        long last = byCaller.values().stream()
                .mapToLong(calls -> calls.stream().filter(s -> s.accepted() > 0)
                        .mapToLong(CallsPerSecond.Second::epochSecond).max().orElse(Long.MAX_VALUE))
                .min().orElseThrow() - 1;
        return new Backlog(first, Math.max(first, last));
    }

    /** Accepted calls per second while the backlog lasted: at least {@link #MIN_BACKLOG_SHARE} of the limit. */
    static void checkBacklogRate(List<CallsPerSecond.Second> seconds, Backlog backlog, int limit,
                                 ChaosReport report) {
        double rate = rate(seconds, backlog);
        report.figure("accepted in backlog", "%.2f calls/s over %d s (seconds %d..%d)", rate, backlog.seconds(),
                backlog.first(), backlog.last());
        report.check(rate >= MIN_BACKLOG_SHARE * limit, "%.2f accepted calls/s while the backlog lasted, below "
                + "%.0f %% of the limit of %d", rate, 100 * MIN_BACKLOG_SHARE, limit);
    }

    /** Each caller's accepted calls per second while the backlog lasted, within one call/s of its share. */
    static void checkShares(Map<String, List<CallsPerSecond.Second>> byCaller, Backlog backlog, double share,
                            ChaosReport report) {
        Map<String, Double> rates = byCaller.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> rate(e.getValue(), backlog)));
        report.figure("accepted per instance", "%s calls/s (share %.2f each)", rates.entrySet().stream()
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")),
                share);
        rates.forEach((caller, rate) -> report.check(Math.abs(rate - share) <= 1.0,
                "%s made %.2f accepted calls/s while the backlog lasted, not within 1 of its share %.2f",
                caller, rate, share));
    }

    private static double rate(List<CallsPerSecond.Second> seconds, Backlog backlog) {
        long accepted = seconds.stream().filter(s -> backlog.covers(s.epochSecond()))
                .mapToLong(CallsPerSecond.Second::accepted).sum();
        return (double) accepted / backlog.seconds();
    }

    private static String describe(List<CallsPerSecond.Second> seconds) {
        return seconds.stream().limit(12)
                .map(s -> s.epochSecond() + ":" + s.accepted() + "+" + s.throttled())
                .collect(Collectors.joining(" ", "[", seconds.size() > 12 ? " ...]" : "]"));
    }
}
