package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TaskState;
import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The packaged worker in its own process: start-up errors, SIGTERM and a hard crash. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerProcessIT {

    private static final long APP = 1400000002L;
    private static KafkaBroker broker;

    @TempDir
    Path logs;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<WorkerProcess> running = new ArrayList<>();

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

    private WorkerProcess worker(Map<String, String> env, String name) throws Exception {
        WorkerProcess p = WorkerProcess.start(env, logs, name);
        cleanup.add(p);
        return p;
    }

    @Test
    void aBadConfigurationStopsAtOnceNamingEveryProblem() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TRTC_REGION", "eu-west-9");
        env.put("TENCENTCLOUD_SECRET_KEY", "must-not-be-printed");
        env.put("SHUTDOWN_GRACE", "9999999999999999h"); // overflowed Duration.ofHours: a stack trace and exit 1 before
        env.put("TRTC_ENDPOINT", "https://admin:must-not-be-printed@trtc.intl.tencentcloudapi.com");
        WorkerProcess p = worker(env, "bad-config");
        assertThat(p.waitForExit(Duration.ofSeconds(30))).isTrue();
        assertThat(p.exitCode()).as(p.log()).isEqualTo(2);
        assertThat(p.log()).contains("KAFKA_BOOTSTRAP_SERVERS is required", "TENCENTCLOUD_SECRET_ID is required",
                "TRTC_REGION=eu-west-9", "SHUTDOWN_GRACE=9999999999999999h: must be between 0ms and 1h",
                "TRTC_ENDPOINT=https://***@trtc.intl.tencentcloudapi.com: must not carry user info")
                .doesNotContain("must-not-be-printed", "Exception", "\tat ");
        assertThat(p.log().strip().lines()).as("one line per problem, nothing else").hasSize(5)
                .allSatisfy(line -> assertThat(line).startsWith("trtc-stop-worker run: invalid configuration: "));
    }

    @Test
    void missingTopicsAreAClearStartupError() throws Exception {
        TrtcEmulator emulator = Emulators.start(100);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 1);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "nt-0");
        env.put("DLQ_TOPIC", "no.such.topic");
        WorkerProcess p = worker(env, "missing-topic");
        assertThat(p.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.log()).contains("missing Kafka topic(s): no.such.topic");
    }

    @Test
    void sigtermDrainsCommitsAndExitsZeroAndNothingIsLost() throws Exception {
        Backlog backlog = backlog(3, 300, Duration.ofMillis(150), 0, 0);
        TrtcEmulator emulator = backlog.emulator();
        CommandTopics topics = backlog.topics();
        Map<String, String> env = backlog.workerEnv("term-0");
        env.put("SHUTDOWN_GRACE", "10s");
        WorkerProcess first = worker(env, "term-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 50);
        long sent = System.nanoTime();
        first.terminate();
        assertThat(first.waitForExit(Duration.ofSeconds(30))).as("exits").isTrue();
        System.out.printf("SIGTERM to exit (grace 10 s): %d ms%n", Duration.ofNanos(System.nanoTime() - sent).toMillis());
        assertThat(first.exitCode()).as(first.log()).isZero();
        assertThat(first.log()).contains("stopping: no more fetching").doesNotContain(Emulators.SECRET_KEY);
        CommittedRun byFirst = CommittedRun.read(topics.outcomesToEnd(), topics.deadLettersToEnd());
        assertThat(byFirst.outcomes.size()).isLessThan(300);
        // The drain waits for every call on the wire, so each partition's first uncommitted record is one the
        // stopped instance gave up before calling. Records behind it that it did call were committed above the
        // committed offset (the offset metadata lists them): the next instance skips them.
        Map<String, Long> committed = new HashMap<>();
        topics.committedByPartition().forEach((tp, offset) -> committed.put(String.valueOf(tp.partition()), offset));
        int calledBehind = 0;
        for (String task : backlog.tasks()) {
            String[] source = backlog.sources().get(task).split("@");
            long offset = Long.parseLong(source[1]);
            long partitionCommitted = committed.getOrDefault(source[0], 0L);
            int calls = emulator.stopCallCount(task);
            if (offset < partitionCommitted) {
                assertThat(calls).as("calls for committed " + task).isEqualTo(1);
            } else if (offset == partitionCommitted) {
                assertThat(calls).as("calls by the stopped instance for the first uncommitted record " + source[0]
                        + "@" + offset).isZero();
            } else {
                assertThat(calls).as("calls for " + task + " behind an uncommitted record").isLessThanOrEqualTo(1);
                calledBehind += calls;
            }
        }
        System.out.printf("SIGTERM: %d of 300 committed by the stopped instance, %d of them behind a given-up record%n",
                byFirst.outcomes.size(), calledBehind);
        assertThat(byFirst.outcomes.size()).as("every call made has its outcome committed")
                .isEqualTo(backlog.tasks().stream().mapToInt(emulator::stopCallCount).sum());

        WorkerProcess second = worker(env, "term-second");
        CommittedRun.whenCommitted(topics, 300, 0);
        assertThat(second.isAlive()).isTrue();
        for (String task : backlog.tasks()) {
            assertThat(emulator.stopCallCount(task)).as("calls for " + task + ": none repeated").isEqualTo(1);
        }
    }

    @Test
    void sigtermWaitsForTheCallsOnTheWireAndCommitsTheirOutcomes() throws Exception {
        int n = 8;
        // One more than will be on the wire: a fresh worker's first call goes alone (ApiRateLimiter's cold start),
        // and only once it has ended do the other n go out together.
        int commands = n + 1;
        Backlog backlog = backlog(2, commands, Duration.ofSeconds(3), 0, 0);
        TrtcEmulator emulator = backlog.emulator();
        CommandTopics topics = backlog.topics();
        Map<String, String> env = backlog.workerEnv("drain-0");
        env.put("TRTC_REQUEST_TIMEOUT", "20s");
        env.put("SHUTDOWN_GRACE", "30s");
        WorkerProcess first = worker(env, "drain-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.inFlightStopCalls() == n);
        assertThat(topics.outcomes()).as("at most the first call's outcome before SIGTERM")
                .hasSizeLessThanOrEqualTo(1);
        first.terminate();
        assertThat(first.waitForExit(Duration.ofSeconds(60))).as("exits").isTrue();
        assertThat(first.exitCode()).as(first.log()).isZero();

        // Committed before the exit: read now, without any other instance running.
        CommittedRun drained = CommittedRun.whenCommitted(topics, commands, 0);
        assertThat(drained.outcomes.values()).allSatisfy(o -> assertThat(o.get("Status").asString()).isEqualTo("STOPPED"));
        assertThat(backlog.tasks()).allSatisfy(t -> assertThat(emulator.stopCallCount(t)).as(t).isEqualTo(1));

        // The next instance finds nothing left to do for them: it answers a new command and calls nothing else.
        emulator.faults().clear();
        WorkerProcess second = worker(env, "drain-second");
        String marker = emulator.createTask(APP, "room-marker");
        topics.send(marker, Commands.stop(APP, marker));
        topics.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= commands + 1);
        assertThat(second.isAlive()).isTrue();
        assertThat(topics.outcomes()).hasSize(commands + 1);
        assertThat(backlog.tasks()).allSatisfy(t -> assertThat(emulator.stopCallCount(t)).as(t).isEqualTo(1));
    }

    @Test
    void aDynamicMemberLeavesTheGroupOnSigterm() throws Exception {
        CommandTopics topics = runUntilAnswered(null, "leave");
        WorkerProcess p = running.getLast();
        p.terminate();
        assertThat(p.waitForExit(Duration.ofSeconds(30))).as("exits").isTrue();
        assertThat(p.exitCode()).as(p.log()).isZero();
        // The session timeout is 120 s: only a LeaveGroup empties the group this soon.
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.members().isEmpty());
    }

    @Test
    void aStaticMemberRemainsInTheGroupAfterSigtermForAFastRestart() throws Exception {
        CommandTopics topics = runUntilAnswered("static-0", "remain");
        WorkerProcess p = running.getLast();
        p.terminate();
        assertThat(p.waitForExit(Duration.ofSeconds(30))).as("exits").isTrue();
        assertThat(p.exitCode()).as(p.log()).isZero();
        assertThat(topics.members()).extracting(m -> m.groupInstanceId().orElse(null)).containsExactly("static-0");
    }

    /** A worker with a 120 s session timeout that has answered one command, so it surely is a group member. */
    private CommandTopics runUntilAnswered(String instanceId, String name) throws Exception {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 2);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), instanceId);
        env.put("KAFKA_CLIENT_SESSION_TIMEOUT_MS", "120000");
        running.add(worker(env, name));
        String task = emulator.createTask(APP, "room-" + name);
        topics.send(task, Commands.stop(APP, task));
        topics.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() == 1);
        assertThat(topics.members()).hasSize(1);
        return topics;
    }

    @Test
    void aHardKilledWorkerLeavesNoDuplicateOrMissingOutcome() throws Exception {
        int stops = 360;
        int permanent = 20;
        int invalid = 20;
        int records = stops + permanent + invalid;
        Backlog backlog = backlog(4, stops, Duration.ofMillis(50), permanent, invalid);
        TrtcEmulator emulator = backlog.emulator();
        CommandTopics topics = backlog.topics();
        Map<String, String> env = backlog.workerEnv("crash-0");
        WorkerProcess first = worker(env, "crash-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 80);
        first.kill();
        // Calls the dead process had on the wire still reach the emulator; count them once they are all through.
        await().atMost(Duration.ofSeconds(30)).during(Duration.ofMillis(500))
                .until(() -> emulator.inFlightStopCalls() == 0);
        Map<String, Integer> callsAtCrash = new HashMap<>();
        List<String> called = new ArrayList<>(backlog.tasks());
        called.addAll(backlog.permanentlyFailing());
        called.forEach(t -> callsAtCrash.put(t, emulator.stopCallCount(t)));
        CommittedRun atCrash = CommittedRun.read(topics.outcomesToEnd(), topics.deadLettersToEnd());
        assertThat(atCrash.outcomes.size()).isLessThan(records);
        Set<String> answeredAtCrash = new HashSet<>();
        atCrash.outcomes.values().stream().filter(o -> o.hasNonNull("TaskId"))
                .forEach(o -> answeredAtCrash.add(o.get("TaskId").asString()));

        // The same instance comes back (as a restarted pod would): it fences the dead one's open transaction.
        worker(env, "crash-second");
        CommittedRun run = CommittedRun.whenCommitted(topics, records, permanent + invalid);
        long invalidOutcomes = run.outcomes.values().stream().filter(o -> !o.hasNonNull("TaskId")).count();
        assertThat(invalidOutcomes).isEqualTo(invalid);
        run.outcomes.values().stream().filter(o -> !o.hasNonNull("TaskId")).forEach(o ->
                assertThat(o.get("Error").get("Code").asString()).startsWith("InvalidCommand."));
        for (String task : backlog.tasks()) {
            assertThat(run.forTask(task)).singleElement()
                    .satisfies(o -> assertThat(o.get("Status").asString()).isIn("STOPPED", "ALREADY_STOPPED"));
            assertThat(emulator.taskState(task)).isEqualTo(TaskState.STOPPED);
        }
        for (String task : backlog.permanentlyFailing()) {
            assertThat(run.forTask(task)).singleElement().satisfies(o -> {
                assertThat(o.get("Status").asString()).isEqualTo("DEAD_LETTERED");
                assertThat(o.get("Error").get("Code").asString()).isEqualTo(PERMANENT_ERROR);
            });
        }
        // Only a command called but not committed at the crash may be called again, and only once more.
        int extra = 0;
        for (String task : called) {
            int before = callsAtCrash.get(task);
            int after = emulator.stopCallCount(task);
            assertThat(after).as("calls for " + task).isGreaterThanOrEqualTo(1);
            if (answeredAtCrash.contains(task)) {
                assertThat(after).as("calls for " + task + ", answered before the crash").isEqualTo(before);
            } else {
                assertThat(before).as("calls for " + task + " before the crash").isLessThanOrEqualTo(1);
                assertThat(after).as("calls for " + task + ", unanswered at the crash").isLessThanOrEqualTo(before + 1);
            }
            extra += after - 1;
        }
        long calledUnanswered = called.stream().filter(t -> !answeredAtCrash.contains(t) && callsAtCrash.get(t) > 0)
                .count();
        System.out.printf("crash: %d of %d records answered before the kill, %d commands called but unanswered, "
                + "%d extra API calls after the restart%n", atCrash.outcomes.size(), records, calledUnanswered, extra);
        assertThat(extra).isLessThanOrEqualTo((int) calledUnanswered);
    }

    private static String logLines(String log, String needle) {
        return log.lines().filter(l -> l.contains(needle)).toList().toString();
    }

    private static final String PERMANENT_ERROR = "FailedOperation.CTUnsupportMethod";

    /**
     * Running tasks with a stop command waiting for each, some failing for good at the API, some invalid records,
     * and an API slow enough that a worker is caught mid-run.
     */
    private record Backlog(TrtcEmulator emulator, CommandTopics topics, List<String> tasks,
                           List<String> permanentlyFailing, Map<String, String> sources) {
        Map<String, String> workerEnv(String instanceId) {
            Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(),
                    instanceId);
            env.put("TRTC_RATE_LIMIT", "100");
            return env;
        }
    }

    private Backlog backlog(int partitions, int commands, Duration latency, int permanent, int invalid)
            throws Exception {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        emulator.faults().latency(latency, Duration.ofMillis(100));
        CommandTopics topics = new CommandTopics(broker, partitions);
        cleanup.add(topics);
        List<String> tasks = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        Map<String, Future<RecordMetadata>> sent = new HashMap<>();
        int sentPermanent = 0;
        int sentInvalid = 0;
        for (int i = 0; i < commands; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            tasks.add(task);
            sent.put(task, topics.send(task, Commands.stop(APP, task)));
            // Spread the commands that end on the DLQ through the backlog, so the crash catches some in flight.
            if (sentPermanent < permanent && i % Math.max(1, commands / permanent) == 0) {
                String bad = emulator.createTask(APP, "room-p-" + i);
                emulator.faults().scriptStopAnswersForever(bad, PERMANENT_ERROR);
                failing.add(bad);
                topics.send(bad, Commands.stop(APP, bad));
                sentPermanent++;
            }
            if (sentInvalid < invalid && i % Math.max(1, commands / invalid) == 1) {
                topics.send("bad-" + i, Commands.INVALID[sentInvalid % Commands.INVALID.length]);
                sentInvalid++;
            }
        }
        topics.flush();
        assertThat(sentPermanent).isEqualTo(permanent);
        assertThat(sentInvalid).isEqualTo(invalid);
        Map<String, String> sources = new HashMap<>();
        for (Map.Entry<String, Future<RecordMetadata>> e : sent.entrySet()) {
            RecordMetadata m = e.getValue().get();
            sources.put(e.getKey(), m.partition() + "@" + m.offset());
        }
        return new Backlog(emulator, topics, tasks, failing, sources);
    }
}
