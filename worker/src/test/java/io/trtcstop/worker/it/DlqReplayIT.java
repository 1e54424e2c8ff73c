package io.trtcstop.worker.it;

import static io.trtcstop.worker.it.DeadLetterFixtures.at;
import static io.trtcstop.worker.it.DeadLetterFixtures.header;
import static io.trtcstop.worker.it.DeadLetterFixtures.readAll;
import static io.trtcstop.worker.it.DeadLetterFixtures.replayedFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.replay.DlqReplay;
import io.trtcstop.worker.replay.ReplayFilter;
import io.trtcstop.worker.replay.ReplayOptions;
import io.trtcstop.worker.replay.SkipReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlq replay} against a real broker, with the worker (a child process) and the emulator where it matters. */
@ExtendWith(KafkaBrokerExtension.class)
class DlqReplayIT {

    private static final long APP = 1400000003L;
    private static KafkaBroker broker;

    @TempDir
    Path logs;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void filteredReplaysMoveExactlyTheMatchingDeadLettersAndTheWorkerStopsTheirTasks() throws Exception {
        TrtcEmulator emulator = emulator();
        CommandTopics topics = topics();
        List<String> auth = failingTasks(emulator, 4, "AuthFailure.UnauthorizedOperation");
        List<String> unsupported = failingTasks(emulator, 2, "FailedOperation.CTUnsupportMethod");
        List<String> exhausted = failingTasks(emulator, 3, "InternalError");
        List<String> normal = failingTasks(emulator, 2, null);
        for (List<String> tasks : List.of(auth, unsupported, exhausted, normal)) {
            tasks.forEach(t -> topics.send(t, Commands.stop(APP, t)));
        }
        topics.send("bad-1", Commands.INVALID[0]);
        topics.send("bad-2", Commands.INVALID[5]);
        topics.flush();
        Map<String, String> env = workerEnv(topics, emulator);
        worker(env, "worker");
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.outcomes().size() == 13);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.deadLetters().size() == 11);
        Map<String, List<String>> deadLettersByCode = topics.deadLetters().stream().collect(Collectors.groupingBy(
                r -> header(r, "dlq.error.kind") + " " + header(r, "dlq.error.code"),
                Collectors.mapping(DeadLetterFixtures::at, Collectors.toList())));
        assertThat(deadLettersByCode.keySet()).containsExactlyInAnyOrder(
                "PERMANENT_API_ERROR AuthFailure.UnauthorizedOperation", "PERMANENT_API_ERROR FailedOperation.CTUnsupportMethod",
                "RETRIES_EXHAUSTED InternalError", "INVALID_COMMAND InvalidCommand.NotJson", "INVALID_COMMAND InvalidCommand.Schema");

        // The cause is fixed; replay the authorisation failures only.
        for (List<String> tasks : List.of(auth, unsupported, exhausted)) {
            tasks.forEach(t -> emulator.faults().clearStopScript(t));
        }
        DlqReplay.Result first = replay(env, filter(List.of("AuthFailure."), Set.of()), 3, false);
        assertThat(first.replayed()).isEqualTo(4);
        assertThat(first.skipped()).isEmpty();
        assertThat(replayedSources(topics)).containsExactlyInAnyOrderElementsOf(
                deadLettersByCode.get("PERMANENT_API_ERROR AuthFailure.UnauthorizedOperation"));
        for (ConsumerRecord<byte[], byte[]> command : replayedCommands(topics)) {
            ConsumerRecord<byte[], byte[]> deadLetter = deadLetterAt(topics, replayedFrom(command));
            assertThat(command.key()).isEqualTo(deadLetter.key());
            assertThat(command.value()).isEqualTo(deadLetter.value());
            assertThat(header(command, "dlq.replay.count")).isEqualTo("1");
            assertThat(header(command, "dlq.replay.source.topic")).isEqualTo(topics.deadLetter);
            assertThat(header(command, "dlq.error.code")).isNull();
        }
        awaitStopped(emulator, topics, auth, 17);

        // Tomorrow's replay of another kind still finds its dead letters: the first one hid nothing.
        DlqReplay.Result second = replay(env, filter(List.of(), Set.of("RETRIES_EXHAUSTED")), 3, false);
        assertThat(second.replayed()).isEqualTo(3);
        awaitStopped(emulator, topics, exhausted, 20);

        DlqReplay.Result everything = replay(env, ReplayFilter.ALL, 3, false);
        assertThat(everything.replayed()).isEqualTo(2);
        assertThat(everything.skipped()).containsOnly(Map.entry(SkipReason.ALREADY_REPLAYED, 7L),
                Map.entry(SkipReason.INVALID_COMMAND, 2L));
        awaitStopped(emulator, topics, unsupported, 22);

        DlqReplay.Result again = replay(env, ReplayFilter.ALL, 3, false);
        assertThat(again.replayed()).isZero();
        assertThat(again.skipped()).containsEntry(SkipReason.ALREADY_REPLAYED, 9L);
        assertThat(replayedSources(topics)).hasSize(9).doesNotHaveDuplicates();
        assertThat(topics.deadLetters()).hasSize(11);
        for (String task : normal) {
            assertThat(emulator.successfulStopCount(task)).isEqualTo(1);
        }
    }

    @Test
    void theLoopGuardStopsARecordThatKeepsFailingAndForceOverridesIt() throws Exception {
        TrtcEmulator emulator = emulator();
        CommandTopics topics = topics();
        String task = failingTasks(emulator, 1, "FailedOperation.CTUnsupportMethod").getFirst();
        topics.send(task, Commands.stop(APP, task));
        topics.flush();
        Map<String, String> env = workerEnv(topics, emulator);
        worker(env, "worker");
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.deadLetters().size() == 1);

        for (int cycle = 1; cycle <= 3; cycle++) {
            String previous = at(topics.deadLetters().getLast());
            assertThat(replay(env, ReplayFilter.ALL, 3, false).replayed()).isEqualTo(1);
            int expected = cycle + 1;
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.deadLetters().size() == expected);
            ConsumerRecord<byte[], byte[]> next = topics.deadLetters().getLast();
            assertThat(header(next, "dlq.replay.count")).isEqualTo(Integer.toString(cycle));
            assertThat(header(next, "dlq.replay.source.partition") + "@" + header(next, "dlq.replay.source.offset"))
                    .as("the new dead letter names the one it was replayed from").isEqualTo(previous);
        }
        DlqReplay.Result guarded = replay(env, ReplayFilter.ALL, 3, false);
        assertThat(guarded.replayed()).isZero();
        assertThat(guarded.skipped()).containsOnly(Map.entry(SkipReason.MAX_REPLAYS, 1L),
                Map.entry(SkipReason.ALREADY_REPLAYED, 3L));

        assertThat(replay(env, ReplayFilter.ALL, 3, true).replayed()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.deadLetters().size() == 5);
        assertThat(header(topics.deadLetters().getLast(), "dlq.replay.count")).isEqualTo("4");
        assertThat(emulator.stopCallCount(task)).isEqualTo(5);
    }

    @Test
    void aReplayKilledMidRunAndRunAgainReplaysEveryMatchingRecordExactlyOnce() throws Exception {
        CommandTopics topics = topics();
        String ledger = DeadLetterFixtures.createLedger(broker);
        List<String> matching = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (var producer = DeadLetterFixtures.producer(broker)) {
            for (int i = 0; i < 300; i++) {
                boolean exhausted = i % 3 != 2;
                var md = DeadLetterFixtures.write(producer, topics.deadLetter, topics.stop, i,
                        exhausted ? "RETRIES_EXHAUSTED" : "PERMANENT_API_ERROR",
                        exhausted ? "Transport.Timeout" : "AuthFailure.UnauthorizedOperation",
                        "task-" + i, Commands.stop(APP, "task-" + i));
                (exhausted ? matching : other).add(md.partition() + "@" + md.offset());
            }
        }
        Map<String, String> env = toolEnv(topics, ledger);
        WorkerProcess killed = tool(env, "replay-killed", "dlq", "replay", "--kind", "RETRIES_EXHAUSTED", "--rate", "40");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> replayedSources(topics).size() >= 30);
        killed.kill();
        int visible = replayedSources(topics).size();
        int written = (int) readAll(broker, topics.stop, false).stream().filter(r -> replayedFrom(r) != null).count();
        System.out.printf("killed mid-run: %d replayed and committed, %d written in all (the rest aborted)%n",
                visible, written);
        assertThat(visible).as("killed before the end").isLessThan(matching.size());

        WorkerProcess again = tool(env, "replay-again", "dlq", "replay", "--kind", "RETRIES_EXHAUSTED", "--rate", "0");
        assertThat(again.waitForExit(Duration.ofSeconds(90))).isTrue();
        assertThat(again.exitCode()).as(again.log()).isZero();
        assertThat(again.log()).containsPattern("replayed (\\d+) of \\1 planned");

        List<String> sources = replayedSources(topics);
        assertThat(sources).as("each matching dead letter exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(matching);
        for (ConsumerRecord<byte[], byte[]> command : replayedCommands(topics)) {
            String offset = header(command, "dlq.replay.source.offset");
            assertThat(header(command, "traceparent")).as("the producer's own headers travel along").startsWith("00-trace-");
            assertThat(header(command, "dlq.replay.count")).isEqualTo("1");
            assertThat(offset).isNotNull();
        }
        assertThat(readAll(broker, ledger, true).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .distinct()).hasSize(matching.size());

        WorkerProcess third = tool(env, "replay-third", "dlq", "replay", "--kind", "RETRIES_EXHAUSTED", "--rate", "0");
        assertThat(third.waitForExit(Duration.ofSeconds(90))).isTrue();
        assertThat(third.exitCode()).as(third.log()).isZero();
        assertThat(third.log()).contains("to replay: 0", "200 already replayed");
        assertThat(replayedSources(topics)).hasSize(matching.size());
    }

    @Test
    void sigtermStopsAfterCommittingAndTheNextRunReplaysTheRest() throws Exception {
        CommandTopics topics = topics();
        String ledger = DeadLetterFixtures.createLedger(broker);
        List<String> all = new ArrayList<>();
        try (var producer = DeadLetterFixtures.producer(broker)) {
            for (int i = 0; i < 80; i++) {
                var md = DeadLetterFixtures.write(producer, topics.deadLetter, topics.stop, i, "RETRIES_EXHAUSTED",
                        "RequestLimitExceeded", "task-" + i, Commands.stop(APP, "task-" + i));
                all.add(md.partition() + "@" + md.offset());
            }
        }
        Map<String, String> env = toolEnv(topics, ledger);
        WorkerProcess first = tool(env, "replay-terminated", "dlq", "replay", "--rate", "20");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> replayedSources(topics).size() >= 10);
        first.terminate();
        assertThat(first.waitForExit(Duration.ofSeconds(30))).isTrue();
        assertThat(first.exitCode()).as(first.log()).isEqualTo(1);
        var summary = java.util.regex.Pattern.compile("replayed (\\d+) of 80 planned").matcher(first.log());
        assertThat(summary.find()).as(first.log()).isTrue();
        assertThat(first.log()).contains("stopped before the end: run the same command again");
        assertThat(replayedSources(topics)).as("what it reported is what it committed")
                .hasSize(Integer.parseInt(summary.group(1))).hasSizeLessThan(80);

        WorkerProcess second = tool(env, "replay-rest", "dlq", "replay", "--rate", "0");
        assertThat(second.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(second.exitCode()).as(second.log()).isZero();
        assertThat(replayedSources(topics)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void aDryRunShowsThePlanAndWritesNothing() throws Exception {
        CommandTopics topics = topics();
        String ledger = DeadLetterFixtures.createLedger(broker);
        try (var producer = DeadLetterFixtures.producer(broker)) {
            for (int i = 0; i < 10; i++) {
                String[] kindAndCode = i < 4 ? new String[] {"RETRIES_EXHAUSTED", "Transport.Timeout"}
                        : i < 7 ? new String[] {"PERMANENT_API_ERROR", "AuthFailure.UnauthorizedOperation"}
                        : new String[] {"INVALID_COMMAND", "InvalidCommand.NotJson"};
                DeadLetterFixtures.write(producer, topics.deadLetter, topics.stop, i, kindAndCode[0], kindAndCode[1],
                        "task-" + i, i < 7 ? Commands.stop(APP, "task-" + i) : "not json");
            }
        }
        List<String> watched = List.of(topics.stop, topics.outcome, topics.deadLetter, ledger);
        Map<String, Long> before = endOffsets(watched);
        WorkerProcess dry = tool(toolEnv(topics, ledger), "dry-run", "dlq", "replay", "--dry-run");
        assertThat(dry.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(dry.exitCode()).as(dry.log()).isZero();
        assertThat(dry.log()).contains("would replay 7", "RETRIES_EXHAUSTED", "Transport.Timeout",
                "AuthFailure.UnauthorizedOperation", "3 invalid command", "dry run: nothing was written");
        assertThat(endOffsets(watched)).as("end offsets unchanged").isEqualTo(before);
    }

    @Test
    void badArgumentsAndConfigurationExitTwoWithOneClearLine() throws Exception {
        CommandTopics topics = topics();
        Map<String, String> env = toolEnv(topics, "no.such.ledger");
        assertOneLineExitTwo(env, "--since", List.of("dlq", "replay", "--since", "yesterday"));
        assertOneLineExitTwo(env, "unknown --kind NOPE", List.of("dlq", "replay", "--kind", "NOPE"));
        assertOneLineExitTwo(env, "--rate", List.of("dlq", "replay", "--rate", "-1"));
        assertOneLineExitTwo(env, "name a subcommand", List.of("dlq"));
        for (String written : List.of(topics.deadLetter, topics.outcome, "no.such.ledger")) {
            assertOneLineExitTwo(env, "dlq: refusing to replay to " + written + ": it is the ",
                    List.of("dlq", "replay", "--to", written));
        }
        assertOneLineExitTwo(Map.of(), "KAFKA_BOOTSTRAP_SERVERS is required", List.of("dlq", "inspect"));

        WorkerProcess noLedger = tool(env, "no-ledger", "dlq", "replay");
        assertThat(noLedger.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(noLedger.exitCode()).as(noLedger.log()).isEqualTo(2);
        assertThat(noLedger.log()).contains("missing Kafka topic(s): no.such.ledger (create them first: see ops/topics.md)");
    }

    private void assertOneLineExitTwo(Map<String, String> env, String expected, List<String> args) throws Exception {
        WorkerProcess p = tool(env, "bad-" + Math.abs(args.hashCode()), args.toArray(String[]::new));
        assertThat(p.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).as(p.log()).isEqualTo(2);
        assertThat(p.log().strip().lines()).as(p.log()).hasSize(1).first().asString().contains(expected);
    }

    // --- set-up and observation

    private TrtcEmulator emulator() {
        TrtcEmulator emulator = Emulators.start(1000);
        cleanup.add(emulator);
        return emulator;
    }

    private CommandTopics topics() {
        CommandTopics topics = new CommandTopics(broker, 3);
        cleanup.add(topics);
        return topics;
    }

    /** Running tasks whose stop calls answer {@code code} until their script is cleared (null: no script). */
    private static List<String> failingTasks(TrtcEmulator emulator, int n, String code) {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String task = emulator.createTask(APP, "room-" + code + "-" + i);
            if (code != null) {
                emulator.faults().scriptStopAnswersForever(task, code);
            }
            tasks.add(task);
        }
        return tasks;
    }

    private Map<String, String> workerEnv(CommandTopics topics, TrtcEmulator emulator) throws Exception {
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(),
                "replay-it-" + topics.group);
        env.put("RETRY_MAX_ATTEMPTS", "2");
        env.put("DLQ_REPLAY_LEDGER_TOPIC", DeadLetterFixtures.createLedger(broker));
        return env;
    }

    /** What the tool needs, and nothing of the worker's: no Tencent Cloud credentials. */
    private static Map<String, String> toolEnv(CommandTopics topics, String ledger) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("STOP_TOPIC", topics.stop);
        env.put("OUTCOME_TOPIC", topics.outcome);
        env.put("DLQ_TOPIC", topics.deadLetter);
        env.put("DLQ_REPLAY_LEDGER_TOPIC", ledger);
        return env;
    }

    private void worker(Map<String, String> env, String name) throws Exception {
        cleanup.add(WorkerProcess.start(env, logs, name));
    }

    private WorkerProcess tool(Map<String, String> env, String name, String... args) throws Exception {
        WorkerProcess p = WorkerProcess.start(env, logs, name, args);
        cleanup.add(p);
        return p;
    }

    private static DlqReplay.Result replay(Map<String, String> env, ReplayFilter filter, int maxReplays,
                                           boolean force) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DlqReplay.Result result = new DlqReplay(ReplayConfig.fromEnvironment(env), Clock.systemUTC(), Duration.ofSeconds(5))
                .run(new ReplayOptions(filter, 0, null, 0, false, maxReplays, force, false),
                        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> false);
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return result;
    }

    private static ReplayFilter filter(List<String> codes, Set<String> kinds) {
        return new ReplayFilter(codes, kinds, null, null, null, null);
    }

    private static List<ConsumerRecord<byte[], byte[]>> replayedCommands(CommandTopics topics) {
        return readAll(broker, topics.stop, true).stream().filter(r -> replayedFrom(r) != null).toList();
    }

    /** "partition@offset" of the dead letter behind each committed replayed command, one entry per command. */
    private static List<String> replayedSources(CommandTopics topics) {
        return replayedCommands(topics).stream().map(DeadLetterFixtures::replayedFrom).toList();
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterAt(CommandTopics topics, String at) {
        return topics.deadLetters().stream().filter(r -> at(r).equals(at)).findFirst().orElseThrow();
    }

    private static void awaitStopped(TrtcEmulator emulator, CommandTopics topics, List<String> tasks, int outcomes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= outcomes
                && tasks.stream().allMatch(t -> emulator.successfulStopCount(t) == 1));
        assertThat(topics.outcomes()).hasSize(outcomes);
        Map<String, Long> stoppedOutcomes = topics.outcomes().stream().skip(outcomes - tasks.size())
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.groupingBy(v -> v.contains("\"Status\":\"STOPPED\"") ? "STOPPED" : v,
                        Collectors.counting()));
        assertThat(stoppedOutcomes).containsOnly(Map.entry("STOPPED", (long) tasks.size()));
    }

    private static Map<String, Long> endOffsets(List<String> topics) {
        return topics.stream().collect(Collectors.toMap(Function.identity(),
                t -> DeadLetterFixtures.endOffsets(broker, t)));
    }
}
