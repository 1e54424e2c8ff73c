package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The account quota, second by second of the emulator's rate-limit windows: the calls the group offered
 * (accepted + throttled) in a second must stay at the limit, except in the seconds around a rebalance. Accepted
 * calls alone never exceed the limit (the emulator refuses the rest), so offered is what shows whether the instances
 * kept to their shares. A tenth of the limit (at least one call) is allowed over it: a client that keeps exactly to
 * the rate still sees a call land in the neighbouring window now and then, more so on a loaded machine, and the
 * test must not fail on that; a group that takes a multiple of the quota fails at once.
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
        int allowed = limit + Math.max(1, limit / 10);
        List<CallsPerSecond.Second> over = seconds.stream().filter(s -> s.offered() > limit).toList();
        List<CallsPerSecond.Second> overOutsideSlack = over.stream().filter(s -> s.offered() > allowed)
                .filter(s -> slack.stream().noneMatch(w -> w.covers(s.epochSecond()))).toList();
        report.figure("seconds over quota", "%d of %d with calls offered more than %d (accepted+throttled): %s",
                over.size(), seconds.size(), limit, describe(over));
        report.figure("rebalance slack", "%s", slack.isEmpty() ? "none (no rebalance while commands ran)"
                : slack.stream().map(w -> (w.stepBegan().getEpochSecond() - 1) + ".." + (w.stableAt().getEpochSecond() + 1))
                .collect(Collectors.joining(", ", "seconds ", "")));
        report.check(overOutsideSlack.isEmpty(), "%d second(s) outside rebalances in which the group offered more "
                + "than %d calls (the account's %d + jitter allowance): %s", overOutsideSlack.size(), allowed, limit,
                describe(overOutsideSlack));
    }

    private static String describe(List<CallsPerSecond.Second> seconds) {
        return seconds.stream().limit(12)
                .map(s -> s.epochSecond() + ":" + s.accepted() + "+" + s.throttled())
                .collect(Collectors.joining(" ", "[", seconds.size() > 12 ? " ...]" : "]"));
    }
}
