package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TaskState;
import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.schema.MessageSchema;
import io.trtcstop.schema.SchemaValidator;
import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.kafka.StopWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The worker in this JVM against a real broker and the TRTC emulator. */
@ExtendWith(KafkaBrokerExtension.class)
class StopWorkerIT {

    private static final long APP = 1400000001L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaValidator OUTCOME_SCHEMA = SchemaValidator.of(MessageSchema.OUTCOME_EVENT_V1);

    private static KafkaBroker broker;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<StopWorker> workers = new ArrayList<>();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (StopWorker worker : workers) {
            worker.stop();
            assertThat(worker.awaitStopped(Duration.ofSeconds(30))).as("worker stops").isTrue();
        }
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private TrtcEmulator emulator(int rateLimit) {
        TrtcEmulator emulator = Emulators.start(rateLimit);
        cleanup.add(emulator);
        return emulator;
    }

    private CommandTopics topics(int partitions) {
        CommandTopics topics = new CommandTopics(broker, partitions);
        cleanup.add(topics);
        return topics;
    }

    private StopWorker startWorker(Map<String, String> env) {
        StopWorker worker = WorkerWiring.start(WorkerConfig.fromEnvironment(env));
        workers.add(worker);
        return worker;
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        return JSON.readTree(record.value());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void everyRecordOfAMixedThousandGetsExactlyOneOutcome() throws Exception {
        TrtcEmulator emulator = emulator(2000);
        CommandTopics topics = topics(6);
        Random random = new Random(42);

        List<String> normal = new ArrayList<>();
        List<String> transientFailing = new ArrayList<>();
        List<String> permanentFailing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String[] transientFaults = {"InternalError", "HTTP_503", "DROP", "MALFORMED", "RequestLimitExceeded",
                "InternalError.CTInternalError"};
        for (int i = 0; i < 680; i++) {
            normal.add(emulator.createTask(APP, "room-n-" + i));
        }
        for (int i = 0; i < 200; i++) {
            String task = emulator.createTask(APP, "room-t-" + i);
            String fault = transientFaults[i % transientFaults.length];
            if (i % 5 == 0) {
                emulator.faults().scriptStopAnswers(task, fault, "InternalError");
            } else {
                emulator.faults().scriptStopAnswers(task, fault);
            }
            transientFailing.add(task);
        }
        for (int i = 0; i < 20; i++) {
            String task = emulator.createTask(APP, "room-p-" + i);
            emulator.faults().scriptStopAnswersForever(task, "FailedOperation.CTUnsupportMethod");
            permanentFailing.add(task);
        }
        for (int i = 0; i < 20; i++) {
            unknown.add("never-started-task-" + i);
        }
        List<String> duplicated = normal.subList(0, 30);

        // Build the 1000 records: each valid command keyed by TaskId, duplicates right behind their original.
        List<String[]> records = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        valid.addAll(normal);
        valid.addAll(transientFailing);
        valid.addAll(permanentFailing);
        valid.addAll(unknown);
        Collections.shuffle(valid, random);
        Set<String> duplicatedSet = new HashSet<>(duplicated);
        for (String task : valid) {
            records.add(new String[] {task, Commands.stop(APP, task)});
            if (duplicatedSet.contains(task)) {
                records.add(new String[] {task, Commands.stop(APP, task, "dup-" + task)});
            }
        }
        for (int i = 0; i < 49; i++) {
            int at = random.nextInt(records.size());
            records.add(at, new String[] {i % 3 == 0 ? null : "bad-" + i, Commands.INVALID[i % Commands.INVALID.length]});
        }
        // Larger than MAX_COMMAND_BYTES (64 KiB), yet parked on the DLQ unchanged.
        String oversized = "{\"SdkAppId\":1400000001,\"TaskId\":\"big\",\"Pad\":\"" + "x".repeat(200_000) + "\"}";
        records.add(random.nextInt(records.size()), new String[] {"oversized", oversized});
        assertThat(records).hasSize(1000);

        startWorker(topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "mixed-0"));
        for (String[] r : records) {
            topics.send(r[0], r[1]);
        }
        topics.flush();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.outcomes().size() >= 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.committedOffsets() == 1000);
        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();

        // Exactly one outcome per record, each valid under the outcome schema.
        assertThat(outcomes).hasSize(1000);
        Set<String> sources = new HashSet<>();
        Map<String, List<JsonNode>> byTask = new HashMap<>();
        int invalidOutcomes = 0;
        for (ConsumerRecord<byte[], byte[]> record : outcomes) {
            assertThat(OUTCOME_SCHEMA.validate(record.value()).violations()).as("outcome schema").isEmpty();
            JsonNode o = json(record);
            String source = o.get("Source").get("Partition").asInt() + "@" + o.get("Source").get("Offset").asLong();
            assertThat(sources.add(source)).as("one outcome for " + source).isTrue();
            if (o.hasNonNull("TaskId")) {
                byTask.computeIfAbsent(o.get("TaskId").asString(), k -> new ArrayList<>()).add(o);
            } else {
                invalidOutcomes++;
                assertThat(o.get("Status").asString()).isEqualTo("DEAD_LETTERED");
                assertThat(o.get("Error").get("Code").asString()).startsWith("InvalidCommand.");
                assertThat(o.get("Attempts").asInt()).isZero();
            }
        }
        assertThat(invalidOutcomes).isEqualTo(50);

        for (String task : normal) {
            List<JsonNode> o = byTask.get(task);
            if (duplicatedSet.contains(task)) {
                assertThat(o).hasSize(2);
                assertThat(o).extracting(n -> n.get("Status").asString())
                        .containsExactlyInAnyOrder("STOPPED", "ALREADY_STOPPED");
                assertThat(o).filteredOn(n -> n.get("Status").asString().equals("ALREADY_STOPPED"))
                        .allSatisfy(n -> {
                            assertThat(n.get("Deduplicated").asBoolean()).isTrue();
                            assertThat(n.get("Attempts").asInt()).isZero();
                        });
            } else {
                assertThat(o).hasSize(1);
                assertThat(o.get(0).get("Status").asString()).isEqualTo("STOPPED");
            }
            assertThat(emulator.taskState(task)).isEqualTo(TaskState.STOPPED);
            assertThat(emulator.stopCallCount(task)).as("API calls for " + task).isEqualTo(1);
        }
        for (String task : transientFailing) {
            JsonNode o = byTask.get(task).getFirst();
            assertThat(o.get("Status").asString()).as(task).isEqualTo("STOPPED");
            assertThat(o.get("Attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(emulator.taskState(task)).isEqualTo(TaskState.STOPPED);
        }
        for (String task : unknown) {
            JsonNode o = byTask.get(task).getFirst();
            assertThat(o.get("Status").asString()).isEqualTo("ALREADY_STOPPED");
            assertThat(o.get("Deduplicated").asBoolean()).isFalse();
            assertThat(o.get("RequestId").asString()).isNotBlank();
        }
        for (String task : permanentFailing) {
            JsonNode o = byTask.get(task).getFirst();
            assertThat(o.get("Status").asString()).isEqualTo("DEAD_LETTERED");
            assertThat(o.get("Error").get("Code").asString()).isEqualTo("FailedOperation.CTUnsupportMethod");
            assertThat(o.get("Attempts").asInt()).isEqualTo(1);
        }

        // The dead-letter topic holds exactly the invalid and the permanently failing commands, unchanged.
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.deadLetters().size() >= 70);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.deadLetters();
        assertThat(deadLetters).hasSize(70);
        Set<String> transientSet = new HashSet<>(transientFailing);
        Map<String, Long> kinds = deadLetters.stream()
                .collect(Collectors.groupingBy(d -> header(d, "dlq.error.kind"), Collectors.counting()));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("INVALID_COMMAND", 50L, "PERMANENT_API_ERROR", 20L));
        for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
            Map<String, String> headers = new HashMap<>();
            d.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(headers).violations())
                    .as("dead-letter headers").isEmpty();
            assertThat(headers).containsEntry("dlq.original.topic", topics.stop)
                    .containsEntry("dlq.consumer.group", topics.group)
                    .containsEntry("dlq.worker.instance", "mixed-0")
                    .containsEntry("dlq.replay.count", "0");
            String key = d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8);
            assertThat(key == null || !transientSet.contains(key)).as("a retried failure never reaches the DLQ").isTrue();
            if ("oversized".equals(key)) {
                assertThat(headers).containsEntry("dlq.error.code", "InvalidCommand.TooLarge");
                assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(oversized);
            }
            if (headers.get("dlq.error.kind").equals("PERMANENT_API_ERROR")) {
                assertThat(permanentFailing).contains(key);
                assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(Commands.stop(APP, key));
                assertThat(headers).containsKeys("dlq.request.id", "dlq.first.attempt.at", "dlq.last.attempt.at");
            }
        }
        assertThat(deadLetters).extracting(d -> d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8))
                .contains("oversized");
        CommittedRun.read(outcomes, deadLetters).assertDeadLettersMatchTheirOutcomes();
        System.out.printf("mixed run: %d outcomes, %d dead letters, emulator calls %s%n", outcomes.size(),
                deadLetters.size(), emulator.callsByActionAndCode());
    }

    @Test
    void commandsForTheSameTaskNeverOverlapEvenAcrossPartitions() {
        TrtcEmulator emulator = emulator(5000);
        emulator.faults().latency(Duration.ofMillis(20), Duration.ofMillis(10));
        CommandTopics topics = topics(6);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(emulator.createTask(APP, "room-" + i));
        }
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "order-0");
        env.put("DEDUP_CAPACITY", "0"); // every command calls the API, so overlaps would show
        startWorker(env);
        int n = 0;
        for (int round = 0; round < 20; round++) {
            for (String task : tasks) {
                topics.send(n++ % 6, null, Commands.stop(APP, task));
            }
        }
        topics.flush();

        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 200);
        assertThat(topics.outcomes()).hasSize(200);
        assertThat(emulator.overlappingStopCalls()).isZero();
        for (String task : tasks) {
            assertThat(emulator.stopCallCount(task)).isEqualTo(20);
            assertThat(emulator.successfulStopCount(task)).isEqualTo(1);
        }
    }

    @Test
    void rebalancesMidRunNeitherLoseNorDuplicateOutcomes() throws Exception {
        TrtcEmulator emulator = emulator(5000);
        emulator.faults().latency(Duration.ofMillis(20), Duration.ofMillis(40));
        CommandTopics topics = topics(6);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            tasks.add(task);
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();
        Map<String, String> envA = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "a");
        envA.put("TRTC_RATE_LIMIT", "150");
        Map<String, String> envB = new HashMap<>(envA);
        envB.put("WORKER_INSTANCE_ID", "b");

        StopWorker a = startWorker(envA);
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 100);
        StopWorker b = startWorker(envB); // the group rebalances: some of a's partitions move to b
        await().atMost(Duration.ofSeconds(60)).until(() -> b.hasBeenAssigned() && topics.outcomes().size() >= 300);
        a.stop(); // a leaves: b takes every partition
        assertThat(a.awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(topics.outcomes().size()).isLessThan(600);

        await().atMost(Duration.ofSeconds(90)).until(() -> topics.committedOffsets() == 600);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.outcomes().size() >= 600);
        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();
        assertThat(outcomes).hasSize(600);
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : outcomes) {
            JsonNode o = json(r);
            assertThat(sources.add(o.get("Source").get("Partition").asInt() + "@" + o.get("Source").get("Offset").asLong()))
                    .as("one outcome per record").isTrue();
        }
        assertThat(a.outcomesCommitted()).isPositive();
        assertThat(b.outcomesCommitted()).isPositive();
        assertThat(a.outcomesCommitted() + b.outcomesCommitted()).isEqualTo(600);
        assertThat(tasks).allSatisfy(t -> assertThat(emulator.taskState(t)).isEqualTo(TaskState.STOPPED));
    }

    @Test
    void oneSlowPartitionStillRunsManyCallsAtOnce() {
        TrtcEmulator emulator = emulator(5000);
        emulator.faults().latency(Duration.ofSeconds(1), Duration.ZERO);
        CommandTopics topics = topics(1);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(emulator.createTask(APP, "room-" + i));
        }
        StopWorker worker =
                startWorker(topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "concurrency-0"));
        await().atMost(Duration.ofSeconds(30)).until(worker::hasBeenAssigned);
        long start = System.nanoTime();
        for (String task : tasks) {
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();
        // One call at a time would never have more than one on the wire; MAX_IN_FLIGHT is 64.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.inFlightStopCalls() >= 32);
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 200);
        System.out.printf("200 commands, one partition, 1 s API latency: all outcomes in %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(tasks).allSatisfy(t -> assertThat(emulator.taskState(t)).isEqualTo(TaskState.STOPPED));
    }

    @Test
    void aNullValueTravelsEndToEndAsAnInvalidCommand() {
        TrtcEmulator emulator = emulator(5000);
        CommandTopics topics = topics(2);
        String task = emulator.createTask(APP, "room-after-null");
        startWorker(topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "null-0"));
        topics.send(0, "tombstone", null);
        topics.send(0, task, Commands.stop(APP, task));
        topics.flush();

        CommittedRun run = CommittedRun.whenCommitted(topics, 2, 1);
        JsonNode invalid = run.outcomes.get("0@0");
        assertThat(invalid.get("Status").asString()).isEqualTo("DEAD_LETTERED");
        assertThat(invalid.get("Error").get("Code").asString()).isEqualTo("InvalidCommand.NullValue");
        assertThat(invalid.get("Attempts").asInt()).isZero();
        ConsumerRecord<byte[], byte[]> deadLetter = run.deadLetters.get("0@0");
        assertThat(deadLetter.value()).as("a null value stays null on the DLQ").isNull();
        assertThat(deadLetter.key()).isEqualTo("tombstone".getBytes(StandardCharsets.UTF_8));
        assertThat(header(deadLetter, "dlq.error.kind")).isEqualTo("INVALID_COMMAND");
        assertThat(run.status("0@1")).isEqualTo("STOPPED");
        assertThat(emulator.stopCallCount(task)).isEqualTo(1);
    }

    /** The API would answer ResourceNotFound for these, and the task would be reported ALREADY_STOPPED while it runs. */
    @Test
    void aTaskIdWithAnInvisibleLeadingCharacterIsDeadLetteredNotReportedAlreadyStopped() {
        TrtcEmulator emulator = emulator(5000);
        CommandTopics topics = topics(1);
        String task = emulator.createTask(APP, "room-invisible");
        startWorker(topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "invisible-0"));
        List<String> invisible = List.of("\u00a0", "\u3000", "\ufeff");
        for (String prefix : invisible) {
            topics.send(0, task, Commands.stop(APP, prefix + task));
        }
        topics.flush();

        CommittedRun run = CommittedRun.whenCommitted(topics, invisible.size(), invisible.size());
        for (int offset = 0; offset < invisible.size(); offset++) {
            JsonNode outcome = run.outcomes.get("0@" + offset);
            assertThat(outcome.get("Status").asString()).isEqualTo("DEAD_LETTERED");
            assertThat(outcome.get("Error").get("Code").asString()).isEqualTo("InvalidCommand.Schema");
            assertThat(outcome.get("Error").get("Message").asString()).as("quoted escaped")
                    .contains("must be printable ASCII without spaces").matches("\\p{Print}*");
        }
        assertThat(emulator.stopCallCount(task)).as("no API call").isZero();
        assertThat(emulator.taskState(task)).isEqualTo(io.trtcstop.emulator.TaskState.RUNNING);
    }

    @Test
    void aFixedRateLimitSpacesTheApiCalls() {
        TrtcEmulator emulator = emulator(5000);
        CommandTopics topics = topics(4);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(emulator.createTask(APP, "room-" + i));
        }
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "rate-0");
        env.put("TRTC_RATE_LIMIT", "10");
        StopWorker worker = startWorker(env);
        await().atMost(Duration.ofSeconds(30)).until(worker::hasBeenAssigned);
        for (String task : tasks) {
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();

        CommittedRun run = CommittedRun.whenCommitted(topics, 40, 0);
        // The API counts calls per second: no second may hold more than 10, and 40 calls need at least 4 seconds.
        var seconds = emulator.callsPerSecond().of("DeleteCloudTranscription");
        System.out.printf("40 calls at TRTC_RATE_LIMIT=10, per second: %s%n",
                seconds.stream().map(io.trtcstop.emulator.CallsPerSecond.Second::offered).toList());
        assertThat(seconds).allSatisfy(second -> assertThat(second.offered()).isLessThanOrEqualTo(10));
        assertThat(seconds.stream().mapToLong(io.trtcstop.emulator.CallsPerSecond.Second::offered).sum()).isEqualTo(40);
        assertThat(seconds.size()).isGreaterThanOrEqualTo(4);
        assertThat(run.outcomes.values()).allSatisfy(o -> assertThat(o.get("Status").asString()).isEqualTo("STOPPED"));
        assertThat(emulator.callCount("DeleteCloudTranscription", "RequestLimitExceeded")).isZero();
    }
}
