package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.observability.ExportedSeries;
import io.trtcstop.worker.observability.OpsFiles;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged worker, run as operators run it, with JSON logs at DEBUG: after a mixed run, /metrics says what
 * happened, health says UP, every log line is one JSON object with the command's context, and neither the
 * secret key nor the session token appears anywhere. The dashboard and alerts use only metrics seen here.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ObservabilityIT {

    private static final long APP = 1400000003L;
    private static final String SESSION_TOKEN = "sts-session-token-never-printed-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SERVING = Pattern.compile("serving /metrics.* on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String DELETE = "DeleteCloudTranscription";
    /** Series the dashboard and alerts read that this worker does not export: Prometheus' own {@code up}. */
    private static final Map<String, String[]> NOT_FROM_THIS_WORKER = Map.of(
            "up", new String[] {"job", "instance"});

    @TempDir
    Path logs;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void metricsHealthAndLogsTellWhatHappened(KafkaBroker broker) throws Exception {
        TrtcEmulator emulator = TrtcEmulator.builder().port(0).credentials(Emulators.SECRET_ID, Emulators.SECRET_KEY)
                .sessionToken(SESSION_TOKEN).rateLimitPerSecond(1000).build().start();
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 3);
        cleanup.add(topics);

        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            normal.add(emulator.createTask(APP, "room-n-" + i));
        }
        List<String> transientOnce = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String task = emulator.createTask(APP, "room-t-" + i);
            emulator.faults().scriptStopAnswers(task, "InternalError");
            transientOnce.add(task);
        }
        List<String> permanent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String task = emulator.createTask(APP, "room-p-" + i);
            emulator.faults().scriptStopAnswersForever(task, "FailedOperation.CTUnsupportMethod");
            permanent.add(task);
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            unknown.add("never-started-" + i);
        }
        List<String> all = new ArrayList<>();
        all.addAll(normal);
        all.addAll(transientOnce);
        all.addAll(permanent);
        all.addAll(unknown);
        for (String task : all) {
            topics.send(task, Commands.stop(APP, task));
        }
        for (String task : normal.subList(0, 5)) { // right behind their originals: answered from memory
            topics.send(task, Commands.stop(APP, task, "dup-" + task));
        }
        for (int i = 0; i < 5; i++) {
            topics.send("bad-" + i, Commands.INVALID[i]);
        }
        topics.flush();
        int records = all.size() + 5 + 5;

        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "obs-0");
        // The instances share the account's quota as in production (the shipped ConfigMap): no fixed rate.
        env.remove("TRTC_RATE_LIMIT");
        env.put("TRTC_ACCOUNT_RATE_LIMIT", "1000");
        env.put("TENCENTCLOUD_SESSION_TOKEN", SESSION_TOKEN);
        env.put("LOG_FORMAT", "json");
        env.put("LOG_LEVEL", "DEBUG");
        // The emulator shares a loaded machine: a timed-out call would be answered "OK" there and counted as
        // Transport.Timeout here; a long timeout keeps both sides' counts comparable one to one.
        env.put("TRTC_REQUEST_TIMEOUT", "30s");
        WorkerProcess worker = WorkerProcess.start(env, logs, "observability");
        cleanup.add(worker);
        int port = await().atMost(Duration.ofSeconds(60)).until(() -> httpPort(worker.log()), p -> p > 0);

        await().atMost(Duration.ofSeconds(90)).until(() -> topics.committedOffsets() == records);
        // The loop reports its state after a turn; wait for the turn after the last commit.
        Scrape m = await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.of(port),
                s -> s.sum("trtc_stop_commands_total") == records && s.sum("trtc_stop_buffered_records") == 0
                        && s.has("trtc_stop_committed_lag_records") && s.sum("trtc_stop_committed_lag_records") == 0);

        Files.writeString(Path.of("target", "metrics-after-observability-it.prom"), m.text); // for people

        // Outcomes by status: what the outcome topic holds.
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.outcomes().size() >= records);
        Map<String, Long> statuses = topics.outcomes().stream()
                .collect(Collectors.groupingBy(r -> JSON.readTree(r.value()).get("Status").asString(),
                        Collectors.counting()));
        assertThat(statuses).containsEntry("DEAD_LETTERED", 10L);
        assertThat(statuses.getOrDefault("STOPPED", 0L) + statuses.getOrDefault("ALREADY_STOPPED", 0L)).isEqualTo(55);
        statuses.forEach((status, count) -> assertThat(m.sum("trtc_stop_commands_total", "status", status))
                .as(status).isEqualTo(count.doubleValue()));
        assertThat(m.sum("trtc_stop_command_age_seconds_count")).isEqualTo(records);
        assertThat(m.sum("trtc_stop_command_age_seconds_bucket", "le", "+Inf")).isEqualTo(records);
        // Dead letters by kind and code.
        assertThat(m.sum("trtc_stop_dead_letters_total", "kind", "PERMANENT_API_ERROR",
                "code", "FailedOperation.CTUnsupportMethod")).isEqualTo(5);
        assertThat(m.sum("trtc_stop_dead_letters_total", "kind", "INVALID_COMMAND")).isEqualTo(5);
        assertThat(m.sum("trtc_stop_dead_letters_total")).isEqualTo(10);
        // API calls by answer code: exactly what the emulator answered.
        Map<String, Long> answered = emulator.callsByActionAndCode().get(DELETE);
        assertThat(answered).containsEntry("InternalError", 10L).containsEntry("FailedOperation.CTUnsupportMethod", 5L);
        assertThat(answered.get("OK") + answered.get("ResourceNotFound")).as("one per task stopped").isEqualTo(50);
        answered.forEach((code, count) -> assertThat(m.sum("trtc_stop_api_call_duration_seconds_count", "code", code))
                .as("calls answered " + code).isEqualTo(count.doubleValue()));
        assertThat(m.sum("trtc_stop_api_call_duration_seconds_count"))
                .isEqualTo(answered.values().stream().mapToLong(Long::longValue).sum());
        assertThat(m.sum("trtc_stop_api_call_duration_seconds_bucket", "code", "OK", "le", "+Inf"))
                .isEqualTo(answered.get("OK").doubleValue());
        assertThat(m.sum("trtc_stop_api_call_duration_seconds_bucket", "code", "OK", "le", "0.005"))
                .isLessThanOrEqualTo(m.sum("trtc_stop_api_call_duration_seconds_bucket", "code", "OK", "le", "10.0"));
        assertThat(m.sum("trtc_stop_api_retries_total", "code", "InternalError")).isEqualTo(10);
        assertThat(m.sum("trtc_stop_api_retries_total")).isEqualTo(10);
        // Nothing left in the worker.
        assertThat(m.sum("trtc_stop_commands_in_flight")).isZero();
        assertThat(m.sum("trtc_stop_assigned_partitions")).isEqualTo(3);
        assertThat(m.sum("trtc_stop_worker_info", "instance_id", "obs-0", "consumer_group", topics.group)).isEqualTo(1);
        // The rate in force is the instance's share of the account quota (all of it: the only member).
        // A share grows only after it has held for 3 s (SliceAgreement), so the whole quota may come a little later.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Scrape now = Scrape.of(port);
            assertThat(now.sum("trtc_stop_api_rate_limit_per_second")).isEqualTo(1000);
            assertThat(now.sum("trtc_stop_api_quota_share_per_second")).isEqualTo(1000);
        });
        // Committed lag per partition of the command topic, read where the quota reads the offsets: all done.
        for (int p = 0; p < 3; p++) {
            assertThat(m.has("trtc_stop_committed_lag_records", "partition", Integer.toString(p))).as("partition " + p)
                    .isTrue();
        }
        assertThat(m.sum("trtc_stop_api_clock_skew_seconds")).isZero();
        // Kafka's client metrics (lag included) and the JVM's.
        assertThat(m.names()).contains("kafka_consumer_fetch_manager_records_lag_max",
                "kafka_consumer_fetch_manager_records_consumed_total", "kafka_producer_record_send_total",
                "kafka_consumer_connection_count", "jvm_memory_used_bytes", "jvm_threads_live_threads",
                "process_cpu_usage");
        assertThat(m.text).doesNotContain(Emulators.SECRET_KEY).doesNotContain(SESSION_TOKEN);

        // Health: live and ready, with JSON bodies.
        HttpResponse<String> live = Scrape.get(port, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asString()).isEqualTo("UP");
        HttpResponse<String> ready = Scrape.get(port, "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode readyBody = JSON.readTree(ready.body());
        assertThat(readyBody.get("details").get("assignment").asString()).isEqualTo("assigned");
        assertThat(readyBody.get("details").get("kafkaConnected").asBoolean()).isTrue();

        // The dashboard and the alert rules read only metrics and labels that exist.
        ExportedSeries exported = new ExportedSeries(m.labelsByMetric(), OpsFiles.targetLabels());
        NOT_FROM_THIS_WORKER.forEach(exported::with);
        List<String> problems = new ArrayList<>();
        List<OpsFiles.OpsQuery> queries = OpsFiles.queries();
        queries.forEach(q -> problems.addAll(exported.problems(q.where(), q.expr(), q.resultLabels())));
        assertThat(problems).isEmpty();
        assertThat(queries).hasSizeGreaterThan(25);

        worker.terminate();
        assertThat(worker.waitForExit(Duration.ofSeconds(30))).isTrue();
        assertThat(worker.exitCode()).isZero();
        assertLogs(worker.log(), new HashSet<>(all));
    }

    private static int httpPort(String log) {
        Matcher m = SERVING.matcher(log);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** One JSON object per line; lines about a command carry its context; no secret anywhere. */
    private static void assertLogs(String log, Set<String> tasks) {
        assertThat(log).doesNotContain(Emulators.SECRET_KEY).doesNotContain(SESSION_TOKEN);
        int aboutCommands = 0;
        Set<String> tasksLogged = new HashSet<>();
        for (String line : log.split("\n")) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.has("@timestamp") && event.has("level") && event.has("message")).as(line).isTrue();
            String message = event.get("message").asString();
            String task = tasks.stream().filter(message::contains).findFirst().orElse(null);
            if (task != null) {
                aboutCommands++;
                tasksLogged.add(task);
                assertThat(event.path("taskId").asString()).as(line).isEqualTo(task);
                assertThat(event.path("sdkAppId").asString()).as(line).isEqualTo(Long.toString(APP));
                assertThat(event.has("partition") && event.has("offset") && event.has("topic")).as(line).isTrue();
            }
        }
        // At DEBUG every command has its line (retries and the outcome), so each task's context was seen.
        assertThat(tasksLogged).isEqualTo(tasks);
        assertThat(aboutCommands).isGreaterThanOrEqualTo(tasks.size());
    }
}
