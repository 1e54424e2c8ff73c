package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The account quota, second by second of the emulator's rate-limit windows: the calls the group offered
 * (accepted + throttled) in a second must stay at or under the limit, except in the seconds around a rebalance.
 * Accepted calls alone never exceed the limit (the emulator refuses the rest), so offered is what shows whether
 * the instances kept to their shares.
 */
final class QuotaSeconds {

    /** The seconds from one second before a scale step began to one second after the group was stable again. */
    record Slack(Instant stepBegan, Instant stableAt) {
        boolean covers(long epochSecond) {
            return epochSecond >= stepBegan.getEpochSecond() - 1 && epochSecond <= stableAt.getEpochSecond() + 1;
        }
    }

    private QuotaSeconds() {
    }

    static void check(List<CallsPerSecond.Second> seconds, int limit, List<Slack> slack, ChaosReport report) {
        List<CallsPerSecond.Second> over = seconds.stream().filter(s -> s.offered() > limit).toList();
        List<CallsPerSecond.Second> overOutsideSlack = over.stream()
                .filter(s -> slack.stream().noneMatch(w -> w.covers(s.epochSecond()))).toList();
        report.figure("seconds over quota", "%d of %d with calls (%d inside rebalance slack): %s", over.size(),
                seconds.size(), over.size() - overOutsideSlack.size(), describe(over));
        report.figure("rebalance slack", "%s", slack.stream()
                .map(w -> (w.stepBegan().getEpochSecond() - 1) + ".." + (w.stableAt().getEpochSecond() + 1))
                .collect(Collectors.joining(", ")));
        report.check(overOutsideSlack.isEmpty(), "%d second(s) outside rebalances in which the group offered more "
                + "than the account's %d calls: %s", overOutsideSlack.size(), limit, describe(overOutsideSlack));
    }

    private static String describe(List<CallsPerSecond.Second> seconds) {
        return seconds.stream().limit(12)
                .map(s -> s.epochSecond() + ":" + s.accepted() + "+" + s.throttled())
                .collect(Collectors.joining(" ", "[", seconds.size() > 12 ? " ...]" : "]"));
    }
}
