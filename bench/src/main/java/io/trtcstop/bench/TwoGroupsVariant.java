package io.trtcstop.bench;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Quota variant "two groups": a blue/green deployment on one account. Group "blue" (2 instances,
 * TRTC_ACCOUNT_RATE_LIMIT=14) and group "green" (1 instance, TRTC_ACCOUNT_RATE_LIMIT=6), each with its own command
 * topic and a backlog loaded at once, call the API with the same SecretId, so the emulator's quota is shared by
 * both. Together they must not offer more than the quota in any second.
 */
final class TwoGroupsVariant {

    /** One of the two groups: its name, size and share of the account's quota. */
    private record Colour(String name, int instances, int accountRateLimit) {}

    private static final Colour BLUE = new Colour("blue", 2, 14);
    private static final Colour GREEN = new Colour("green", 1, 6);
    private static final String LABEL = QuotaVariant.TWO_GROUPS.label();

    private final UnaryOperator<Map<String, String>> instanceEnv;

    /** {@code instanceEnv}: the scenario's environment of every instance, with the given variables added. */
    TwoGroupsVariant(UnaryOperator<Map<String, String>> instanceEnv) {
        this.instanceEnv = instanceEnv;
    }

    /** Each group's backlog: half the quota backlog. */
    static int backlog(Sizes sizes) {
        return Math.max(1, sizes.quotaBacklog() / 2);
    }

    void run(BenchRun run, ScenarioResult result) throws Exception {
        int backlog = backlog(run.sizes());
        BenchStack stack = run.stack();
        String runName = "quota-" + QuotaVariant.TWO_GROUPS.key();
        // Both groups' topics before either starts: preparing resets the emulator.
        ScenarioTopics blueTopics = QuotaScenario.prepare(stack, runName + "-" + BLUE.name());
        ScenarioTopics greenTopics = QuotaScenario.prepare(stack, runName + "-" + GREEN.name());
        try (QuotaGroup blue = start(run, BLUE, blueTopics); QuotaGroup green = start(run, GREEN, greenTopics)) {
            if (!blue.awaitStable(stack, result) || !green.awaitStable(stack, result)) {
                return;
            }
            List<String> blueTasks = blue.loader().createTasks(backlog);
            List<String> greenTasks = green.loader().createTasks(backlog);
            Bench.say(runName + ": both groups stable; loading " + backlog + " commands into each");
            long start = System.currentTimeMillis();
            blue.loader().sendAll(blueTasks, CommandLoader.Spread.EVEN);
            green.loader().sendAll(greenTasks, CommandLoader.Spread.EVEN);
            // The smaller share drains slowest: backlog / 6 s.
            long deadline = run.deadline(start, 150 + 3L * backlog / GREEN.accountRateLimit());
            blue.awaitOutcomes(backlog, deadline, result);
            green.awaitOutcomes(backlog, deadline, result);
            long blueEnd = blue.watcher().lastArrival();
            long greenEnd = green.watcher().lastArrival();
            List<Integer> blueExits = blue.stop();
            List<Integer> greenExits = green.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            result.atMost(LABEL + ": worst second offered by both together", stats.worstSecondOffered(), "calls",
                    QuotaScenario.API_QUOTA);
            result.add(LABEL + ": seconds with more than " + QuotaScenario.API_QUOTA + " offered",
                    stats.secondsOffering(QuotaScenario.API_QUOTA) + " of " + stats.deleteCallsPerSecond().size(), "");
            QuotaFigures.rate(result, LABEL + ": accepted calls/s together while both have a backlog",
                    stats.acceptedPerSecond(start, Math.min(blueEnd, greenEnd)), null);
            QuotaFigures.rate(result, LABEL + ": accepted calls/s together, load to last outcome",
                    QuotaFigures.acceptedPerSecond(stats, start, Math.max(blueEnd, greenEnd)), null);
            drainRow(result, BLUE, backlog, start, blueEnd);
            drainRow(result, GREEN, backlog, start, greenEnd);
            QuotaFigures.calls(result, LABEL, stats, 1.0);
            Integrity.record(result, LABEL + ", " + BLUE.name() + ": ", blue.watcher(), backlog, blueExits);
            Integrity.record(result, LABEL + ", " + GREEN.name() + ": ", green.watcher(), backlog, greenExits);
            result.note(LABEL + ": the issue documents a slack of 21 for the worst second; checked here against "
                    + QuotaScenario.API_QUOTA);
        }
    }

    private QuotaGroup start(BenchRun run, Colour colour, ScenarioTopics topics) {
        Map<String, String> env = instanceEnv.apply(
                Map.of("TRTC_ACCOUNT_RATE_LIMIT", Integer.toString(colour.accountRateLimit())));
        return QuotaGroup.start(run, LABEL + ", " + colour.name(), topics, colour.instances(), env, i -> List.of());
    }

    private static void drainRow(ScenarioResult result, Colour colour, int backlog, long start, long end) {
        result.add(String.format("%s, %s (%d instance%s, %d/s): drain time; outcomes/s", LABEL, colour.name(),
                colour.instances(), colour.instances() == 1 ? "" : "s", colour.accountRateLimit()),
                end < start ? "n/a" : String.format("%.1f s; %.2f", (end - start) / 1000.0,
                        backlog * 1000.0 / (end - start)), "");
    }
}
