package io.trtcstop.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Scenario 3: the account's quota (issues 11 and 17). The emulator allows 20 DeleteCloudTranscription calls per
 * second; three instances drain backlogs in the variants of {@link QuotaVariant}, each on fresh topics. This class
 * picks the variants and runs the plain backlog drains (even, one partition, skewed clocks); the others have their
 * own classes. Counts come from the emulator's {@code /admin/stats}.
 */
final class QuotaScenario implements Scenario {

    static final int PARTITIONS = 6;
    static final int INSTANCES = 3;
    static final int API_QUOTA = QuotaFigures.API_QUOTA;
    /** How far the skewed instances' clocks are off (one ahead, one behind, one right). */
    static final long CLOCK_SKEW_MS = 100;

    private final Integer rateLimitPerInstance;
    private final List<QuotaVariant> variants;

    /**
     * {@code rateLimitPerInstance}: TRTC_RATE_LIMIT for each instance, or null for the worker's default;
     * {@code variants}: which to run, in this order.
     */
    QuotaScenario(Integer rateLimitPerInstance, List<QuotaVariant> variants) {
        this.rateLimitPerInstance = rateLimitPerInstance;
        this.variants = List.copyOf(variants);
    }

    @Override
    public String name() {
        return "quota";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("emulator limit %d/s, %d instances (%s), backlog %,d, %d partitions; variants: %s",
                API_QUOTA, INSTANCES,
                rateLimitPerInstance == null ? "worker defaults" : "TRTC_RATE_LIMIT=" + rateLimitPerInstance,
                s.quotaBacklog(), PARTITIONS,
                variants.stream().map(QuotaVariant::label).collect(Collectors.joining(", ")));
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        if (rateLimitPerInstance == null) {
            result.note("instances at their defaults: TRTC_RATE_LIMIT unset, so they share TRTC_ACCOUNT_RATE_LIMIT "
                    + "(20/s) through the group; --quota-rate-limit-per-instance N fixes each instance's rate instead");
        } else {
            result.note("TRTC_RATE_LIMIT=" + rateLimitPerInstance + " per instance (--quota-rate-limit-per-instance)");
        }
        result.note("worst second offered: the most calls (accepted + throttled) in one of the emulator's one-second "
                + "rate-limit windows");
        for (QuotaVariant variant : variants) {
            Bench.say(name() + ": variant " + variant.label());
            try {
                run(variant, run, result);
            } catch (Exception e) {
                // The next variant has fresh topics and workers: a broken one does not spoil it.
                result.failed(variant.label() + ": " + e);
                e.printStackTrace();
            }
        }
    }

    private void run(QuotaVariant variant, BenchRun run, ScenarioResult result) throws Exception {
        Map<String, String> env = instanceEnv(Map.of());
        switch (variant) {
            case EVEN -> drain(run, result, variant, CommandLoader.Spread.EVEN, i -> List.of());
            case ONE_PARTITION -> drain(run, result, variant, CommandLoader.Spread.ONE_PARTITION, i -> List.of());
            case SKEWED_CLOCKS -> drain(run, result, variant, CommandLoader.Spread.EVEN, QuotaScenario::skewedClock);
            case MIXED -> new MixedBacklogVariant(env).run(run, result);
            case SLOW_API -> new SlowApiVariant(env).run(run, result);
            case MEMBER_KILLED -> new MemberKilledVariant(env).run(run, result);
            case TWO_GROUPS -> new TwoGroupsVariant(this::instanceEnv).run(run, result);
        }
    }

    /** The scenario's environment of every instance ({@code --quota-rate-limit-per-instance}), then {@code more}. */
    private Map<String, String> instanceEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        if (rateLimitPerInstance != null) {
            env.put("TRTC_RATE_LIMIT", Integer.toString(rateLimitPerInstance));
        }
        env.putAll(more);
        return env;
    }

    /** Instance 0's host clock runs ahead, instance 1's behind, instance 2's is right. */
    private static List<String> skewedClock(int instance) {
        return switch (instance) {
            case 0 -> List.of("-Dtrtc.clockOffsetMs=" + CLOCK_SKEW_MS);
            case 1 -> List.of("-Dtrtc.clockOffsetMs=-" + CLOCK_SKEW_MS);
            default -> List.of();
        };
    }

    /** Fresh topics for a variant, and the emulator at the quota (with nothing else: no faults, no latency). */
    static ScenarioTopics prepare(BenchStack stack, String run) {
        ScenarioTopics topics = stack.prepare(run, PARTITIONS);
        stack.emulator().rateLimitPerSecond(API_QUOTA);
        return topics;
    }

    /** A backlog loaded at once and drained by the three instances: even, one partition, or skewed clocks. */
    private void drain(BenchRun run, ScenarioResult result, QuotaVariant variant, CommandLoader.Spread spread,
                       IntFunction<List<String>> jvmArgsOf) throws Exception {
        int backlog = run.sizes().quotaBacklog();
        BenchStack stack = run.stack();
        String label = variant.label();
        try (QuotaGroup group = QuotaGroup.startThree(run, variant, instanceEnv(Map.of()), jvmArgsOf)) {
            long start = group.loadWhenStable(stack, result, backlog, spread);
            if (start < 0) {
                return;
            }
            // At the quota a backlog takes backlog/20 s; retries with backoff may stretch it (RETRY_MAX_ELAPSED 2m).
            group.awaitOutcomes(backlog, run.deadline(start, 150 + 3L * backlog / API_QUOTA), result);
            long end = group.watcher().lastArrival();
            List<Integer> exits = group.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            boolean skewed = variant == QuotaVariant.SKEWED_CLOCKS;
            if (skewed) {
                result.add(label + ": host clocks of the instances", "+" + CLOCK_SKEW_MS + " ms, -" + CLOCK_SKEW_MS
                        + " ms, 0 (-Dtrtc.clockOffsetMs)", "");
            }
            QuotaFigures.rate(result, label + ": accepted API calls per second",
                    QuotaFigures.acceptedPerSecond(stats, start, end), skewed ? null : API_QUOTA - 0.5);
            result.add(label + ": drain time (load to last outcome)", (end - start) / 1000.0, "s");
            // Where the gap to the quota is: the steady part, without the start (the first calling window, a share
            // that grows a visibility and up to a second late) and the end (the last calls, the final commit, shares settling as members finish).
            QuotaFigures.rate(result, label + ": accepted calls/s, steady (whole windows from load + 4 s to last "
                    + "outcome - 4 s)", stats.acceptedPerSecond(start + 4_000, end - 4_000), null);
            result.add(label + ": accepted calls in each of the first 6 and the last 6 windows",
                    stats.acceptedEachSecond(start, 6) + " ... " + stats.acceptedEachSecond(end - 6_000, 6), "");
            QuotaFigures.calls(result, label, stats, skewed ? 1.0 : 0.5);
            QuotaFigures.worstSecond(result, label, stats, skewed ? null : API_QUOTA + 1.0);
            Integrity.record(result, label + ": ", group.watcher(), backlog, exits);
        }
    }
}
