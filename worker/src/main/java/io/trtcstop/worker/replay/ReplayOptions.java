package io.trtcstop.worker.replay;

import io.trtcstop.worker.outcome.ReplayCount;

/**
 * How a replay runs. {@code max} 0 means no limit; {@code to} null means the command topic (STOP_TOPIC; see
 * {@link ReplayTarget}); {@code ratePerSecond} 0 means unpaced.
 */
public record ReplayOptions(ReplayFilter filter, long max, String to, double ratePerSecond, boolean dryRun,
                            int maxReplays, boolean force, boolean includeInvalid) {

    public ReplayOptions {
        if (max < 0) {
            throw new IllegalArgumentException("--max must be at least 1 (or 0 for no limit), not " + max);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("--rate must be a positive number of records per second, not " + ratePerSecond);
        }
        if (maxReplays < 0) {
            throw new IllegalArgumentException("--max-replays must be 0 or more, not " + maxReplays);
        }
        if (to != null && !to.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("--to " + to + " is not a Kafka topic name");
        }
    }

    /** What happens to one dead letter that is not yet known to the ledger, before --max is applied. */
    sealed interface Verdict {
        record Replay(String target) implements Verdict {}

        record Skip(SkipReason reason) implements Verdict {}

        record NotMatching() implements Verdict {}
    }

    /** {@code target} is the topic this run writes to ({@link ReplayTarget}): never a dead letter's own header. */
    Verdict decide(DeadLetter d, boolean alreadyReplayed, String target) {
        if (!filter.matches(d)) {
            return new Verdict.NotMatching();
        }
        if (alreadyReplayed) {
            return new Verdict.Skip(SkipReason.ALREADY_REPLAYED);
        }
        if (d.isInvalidCommand() && !includeInvalid) {
            return new Verdict.Skip(SkipReason.INVALID_COMMAND);
        }
        if (d.valueOmitted()) {
            return new Verdict.Skip(SkipReason.VALUE_OMITTED); // replaying a null value could only fail again
        }
        if (force) {
            return new Verdict.Replay(target);
        }
        ReplayCount replays = d.replays();
        if (replays.suspect()) {
            return new Verdict.Skip(SkipReason.SUSPECT_REPLAY_COUNT);
        }
        if (replays.value() >= maxReplays) {
            return new Verdict.Skip(SkipReason.MAX_REPLAYS);
        }
        return new Verdict.Replay(target);
    }
}
