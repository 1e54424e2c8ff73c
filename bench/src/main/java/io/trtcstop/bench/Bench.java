package io.trtcstop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs the benchmark scenarios against a local Kafka broker and the TRTC emulator, with the packaged worker in
 * child JVMs, prints a table per scenario and writes a JSON report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks the packaged worker: starts a Kafka broker (child JVM) and the TRTC",
                "emulator, loads commands, runs worker instances as separate JVMs, prints a table per",
                "scenario and writes a JSON report (see the README's Performance section).",
                "Scenarios: overhead, io-bound, quota, latency, memory (or 1-5); default: all five.",
                "quota runs seven variants (--quota-variants picks some): even, one-partition, mixed,",
                "slow-api, skewed-clocks, member-killed, two-groups.",
                "On request only: scaling (1, 3, 6 and 1 -> 6 instances on a 4,000-command backlog)."})
public final class Bench implements Callable<Integer> {

    private static final List<String> SCENARIOS = List.of("overhead", "io-bound", "quota", "latency", "memory");
    /** Run only when named: measurements for the documentation, not targets. */
    private static final List<String> ON_REQUEST = List.of("scaling");
    /** The exit code when every scenario ran but a figure missed its target (1: one failed; 2: bad options). */
    static final int MISSED_TARGET = 3;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "Which scenarios to run (name or 1-5).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--quick", description = "Small sizes: all five scenarios in a few minutes.")
    boolean quick;

    @Option(names = "--stack-warm-up", paramLabel = "N",
            description = "Commands drained through a worker before the first scenario, to warm the broker and the "
                    + "emulator up (30000; quick 10000; 0: none).")
    Integer stackWarmUp;

    @Option(names = "--overhead-commands", paramLabel = "N", description = "Scenario 1 backlog (50000; quick 10000).")
    Integer overheadCommands;

    @Option(names = "--io-commands", paramLabel = "N", description = "Scenario 2 backlog (10000; quick 3000).")
    Integer ioCommands;

    @Option(names = "--in-flight", paramLabel = "L", description = "Scenario 2 MAX_IN_FLIGHT (64).")
    Integer inFlight;

    @Option(names = "--baseline-seconds", paramLabel = "S", description = "Scenario 2 plain consumer run (30; quick 15).")
    Integer baselineSeconds;

    @Option(names = "--quota-variants", paramLabel = "NAME", split = ",",
            description = "Scenario 3 variants to run (default: all, in this order): even, one-partition, mixed, "
                    + "slow-api, skewed-clocks, member-killed, two-groups.")
    List<String> quotaVariants = new ArrayList<>();

    @Option(names = "--quota-backlog", paramLabel = "N",
            description = "Scenario 3 backlog (2000; quick 300): of even, one-partition, skewed-clocks and mixed's "
                    + "partition 0; two-groups loads half into each group, slow-api half (at least 20/s for the slow "
                    + "phase + 200), member-killed at least what keeps the survivors busy (quick: 750).")
    Integer quotaBacklog;

    @Option(names = "--quota-trickle-seconds", paramLabel = "S",
            description = "Scenario 3 mixed: how long 1 command/s goes to each of partitions 1-5 (60; quick 20).")
    Integer quotaTrickleSeconds;

    @Option(names = "--quota-slow-seconds", paramLabel = "S",
            description = "Scenario 3 slow-api: how long the API answers after 6 s before 30 ms again (40; quick 15).")
    Integer quotaSlowSeconds;

    @Option(names = "--quota-rate-limit-per-instance", paramLabel = "N",
            description = "Scenario 3: set TRTC_RATE_LIMIT=N on each instance (default: unset, the worker's default).")
    Integer quotaRateLimitPerInstance;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Scenario 4 length of each phase (60; quick 15).")
    Integer latencySeconds;

    @Option(names = "--fault-seconds", paramLabel = "S", description = "Scenario 4: how long a failing command fails (3).")
    Integer faultSeconds;

    @Option(names = "--memory-commands", paramLabel = "N", description = "Scenario 5 backlog (200000; quick 20000).")
    Integer memoryCommands;

    @Option(names = "--memory-heap", paramLabel = "SIZE", description = "Scenario 5 worker -Xmx (256m).")
    String memoryHeap;

    @Option(names = "--time-limit", paramLabel = "S",
            description = "Give up a scenario after S seconds (default: from its size).")
    Integer timeLimit;

    @Option(names = "--worker-jar", paramLabel = "JAR", description = "Worker jar (default: ${DEFAULT-VALUE}).")
    Path workerJar = Path.of("worker", "target", "trtc-stop-worker.jar");

    @Option(names = "--worker-jvm-arg", paramLabel = "ARG", description = "Extra JVM option for every worker (repeatable).")
    List<String> workerJvmArgs = new ArrayList<>();

    @Option(names = "--worker-env", paramLabel = "NAME=VALUE",
            description = "Extra environment variable for every worker, over the scenario's (repeatable), "
                    + "e.g. LOG_LEVEL=WARN or JAVA_TOOL_OPTIONS=...")
    Map<String, String> workerEnv = new LinkedHashMap<>();

    @Option(names = "--jfr", description = "Record each worker with JFR (settings=profile) into OUT/<run>/<id>.jfr.")
    boolean jfr;

    @Option(names = "--out", paramLabel = "DIR", description = "Logs, GC logs, recordings, report (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("target", "bench");

    @Option(names = "--report", paramLabel = "FILE", description = "JSON report (default: OUT/report.json).")
    Path report;

    @Option(names = "--note", paramLabel = "TEXT", description = "Free text stored with the figures (e.g. machine state).")
    String note = "";

    public static void main(String[] args) {
        // Our own name, so logback does not also find the worker's logback.xml on the classpath and warn about it.
        System.setProperty("logback.configurationFile", "io/trtcstop/bench/logback-bench.xml");
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Scenario> selected = selectedScenarios();
        Sizes sizes = sizes();
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM"));
        Path reportFile = report != null ? report : out.resolve("report.json");
        Map<String, Object> machine = machine();
        say("machine: " + machine);
        say("starting Kafka (child JVM) and the TRTC emulator; logs, GC logs and recordings go to " + out.toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-stop-children"));
        List<ScenarioResult> results = new ArrayList<>();
        try (BenchStack stack = BenchStack.start(out)) {
            BenchRun run = new BenchRun(stack, sizes, out, java, workerJar.toAbsolutePath(), workerJvmArgs, workerEnv,
                    jfr, timeLimit, new ArrayList<>());
            StackWarmUp.run(run, stackWarmUp != null ? stackWarmUp : quick ? 10_000 : 30_000);
            for (Scenario scenario : selected) {
                ScenarioResult result = new ScenarioResult(scenario.name(), scenario.describe(sizes));
                say("running " + scenario.name() + ": " + result.description());
                long start = System.nanoTime();
                try {
                    scenario.run(run, result);
                } catch (Exception e) {
                    result.failed(e.toString());
                    e.printStackTrace();
                }
                result.seconds((System.nanoTime() - start) / 1e9);
                results.add(result);
                Report.printScenario(result, System.out);
                for (Path recording : run.recordings()) {
                    if (Files.isRegularFile(recording)) {
                        JfrSummary.print(recording, System.out);
                    }
                }
                run.recordings().clear();
                machine.put("loadAverageEnd", ProcFs.loadAverage());
                Report.writeJson(reportFile, machine, settings(sizes), results);
            }
        }
        Report.printSummary(results, System.out);
        say("report: " + reportFile.toAbsolutePath());
        if (!results.stream().allMatch(r -> r.status() == ScenarioResult.Status.OK)) {
            return 1;
        }
        return results.stream().allMatch(ScenarioResult::targetsMet) ? 0 : MISSED_TARGET;
    }

    private List<Scenario> selectedScenarios() {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String s : scenarios.isEmpty() ? SCENARIOS : scenarios) {
            String name = s.matches("[1-5]") ? SCENARIOS.get(Integer.parseInt(s) - 1) : s;
            if (!SCENARIOS.contains(name) && !ON_REQUEST.contains(name)) {
                problems.add("unknown scenario '" + s + "': use " + String.join(", ", SCENARIOS) + " or 1-5");
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (!Files.isRegularFile(workerJar)) {
            problems.add("worker jar " + workerJar + " not found: build it (mvn -DskipTests -pl worker -am package) "
                    + "or run bin/bench");
        }
        for (String v : quotaVariants) {
            if (QuotaVariant.byKey(v) == null) {
                problems.add("unknown quota variant '" + v + "': use " + QuotaVariant.keys());
            }
        }
        for (Integer v : new Integer[] {overheadCommands, ioCommands, inFlight, baselineSeconds, quotaBacklog,
                quotaTrickleSeconds, quotaSlowSeconds, latencySeconds, memoryCommands, timeLimit, quotaRateLimitPerInstance}) {
            if (v != null && v < 1) {
                problems.add("sizes, limits and counts must be at least 1, got " + v);
            }
        }
        if (faultSeconds != null && faultSeconds < 0) {
            problems.add("--fault-seconds must not be negative, got " + faultSeconds);
        }
        if (memoryHeap != null && !memoryHeap.matches("(?i)\\d+[kmg]?")) {
            problems.add("--memory-heap must look like 256m or 1g, got '" + memoryHeap + "'");
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("\n", problems));
        }
        return names.stream().map(this::scenario).toList();
    }

    private Scenario scenario(String name) {
        return switch (name) {
            case "overhead" -> new OverheadScenario();
            case "io-bound" -> new IoBoundScenario();
            case "quota" -> new QuotaScenario(quotaRateLimitPerInstance, quotaVariants());
            case "latency" -> new LatencyScenario();
            case "memory" -> new MemoryScenario();
            case "scaling" -> new ScalingScenario();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The named quota variants without repeats, in the order of {@link QuotaVariant}; all when none is named. */
    private List<QuotaVariant> quotaVariants() {
        List<QuotaVariant> named = quotaVariants.stream().map(QuotaVariant::byKey).distinct().toList();
        return named.isEmpty() ? QuotaVariant.all()
                : QuotaVariant.all().stream().filter(named::contains).toList();
    }

    private Sizes sizes() {
        Sizes d = quick ? Sizes.QUICK : Sizes.FULL;
        return new Sizes(or(overheadCommands, d.overheadCommands()), or(ioCommands, d.ioCommands()),
                or(inFlight, d.inFlight()), or(baselineSeconds, d.baselineSeconds()),
                or(quotaBacklog, d.quotaBacklog()), or(quotaTrickleSeconds, d.quotaTrickleSeconds()),
                or(quotaSlowSeconds, d.quotaSlowSeconds()), or(latencySeconds, d.latencySeconds()),
                or(faultSeconds, d.faultSeconds()), or(memoryCommands, d.memoryCommands()),
                memoryHeap != null ? memoryHeap : d.memoryHeap());
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", ProcFs.cpuModel());
        m.put("memoryMiB", ProcFs.memTotalMib());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("loadAverageStart", ProcFs.loadAverage());
        m.put("sharedWith", "Kafka broker (child JVM) and TRTC emulator (in the bench JVM) on the same machine");
        if (!note.isBlank()) {
            m.put("note", note);
        }
        return m;
    }

    private Map<String, Object> settings(Sizes sizes) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("quick", quick);
        s.put("sizes", sizes);
        s.put("stackWarmUpCommands", stackWarmUp != null ? stackWarmUp : quick ? 10_000 : 30_000);
        s.put("workerJar", workerJar.toString());
        s.put("workerJvmArgs", workerJvmArgs);
        s.put("workerEnv", workerEnv);
        s.put("jfr", jfr);
        s.put("quotaRateLimitPerInstance", quotaRateLimitPerInstance);
        s.put("quotaVariants", quotaVariants().stream().map(QuotaVariant::key).toList());
        return s;
    }

    static void say(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
