package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSON admin API under /admin/, with no signature. */
class AdminApiTest {

    private record Answer(int status, JsonNode json) {
    }

    private final MutableClock clock = new MutableClock(Emulators.START);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock);
    private final TestClient client = new TestClient(emulator.endpoint(), clock);

    @Test
    void theIndexListsTheEndpoints() {
        Answer index = admin("GET", "/admin/", null);

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.json().path("Endpoints").toString()).contains("GET /admin/stats", "POST /admin/reset");
    }

    @Test
    void tasksAreCreatedListedAndShownWithTheirStopCalls() {
        Answer created = admin("POST", "/admin/tasks", "{\"SdkAppId\":1400000000,\"RoomId\":\"room-9\"}");
        assertThat(created.status()).isEqualTo(201);
        String taskId = created.json().path("TaskId").stringValue();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);

        JsonNode listed = admin("GET", "/admin/tasks", null).json().path("Tasks");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("TaskId").stringValue()).isEqualTo(taskId);
        assertThat(listed.get(0).path("RoomId").stringValue()).isEqualTo("room-9");
        assertThat(listed.get(0).path("State").stringValue()).isEqualTo("RUNNING");
        assertThat(listed.get(0).path("StopCalls").intValue()).isZero();

        client.stop(taskId).send();
        client.stop(taskId).send();

        // TaskIds contain '+': both the raw and the percent-encoded path work.
        for (String path : new String[] {"/admin/tasks/" + taskId,
                "/admin/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8)}) {
            JsonNode task = admin("GET", path, null).json();
            assertThat(task.path("TaskId").stringValue()).isEqualTo(taskId);
            assertThat(task.path("State").stringValue()).isEqualTo("STOPPED");
            assertThat(task.path("StopCalls").intValue()).isEqualTo(2);
            assertThat(task.path("SuccessfulStops").intValue()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownTaskIsShownAsUnknownWithItsStopCalls() {
        client.stop("ghost").send();

        JsonNode task = admin("GET", "/admin/tasks/ghost", null).json();

        assertThat(task.path("State").stringValue()).isEqualTo("UNKNOWN");
        assertThat(task.path("StopCalls").intValue()).isEqualTo(1);
    }

    @Test
    void badTaskCreationsAreRejected() {
        assertThat(admin("POST", "/admin/tasks", "{\"SdkAppId\":0,\"RoomId\":\"r\"}").status()).isEqualTo(400);
        assertThat(admin("POST", "/admin/tasks", "{\"SdkAppId\":1400000000}").status()).isEqualTo(400);
        Answer notJson = admin("POST", "/admin/tasks", "{");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("Error").stringValue()).contains("not valid JSON");
    }

    @Test
    void statsShowCallsByActionAndCodeAndOverlaps() {
        client.stop("t").send();
        client.stop("t").secretKey("wrong").send();

        JsonNode stats = admin("GET", "/admin/stats", null).json();

        JsonNode stops = stats.path("CallsByActionAndCode").path("DeleteCloudTranscription");
        assertThat(stops.path("ResourceNotFound").longValue()).isEqualTo(1);
        assertThat(stops.path("AuthFailure.SignatureFailure").longValue()).isEqualTo(1);
        assertThat(stats.path("OverlappingStopCalls").longValue()).isZero();
        assertThat(stats.path("InFlightStopCalls").intValue()).isZero();
    }

    @Test
    void theFaultPlanIsReadAndReplaced() {
        Answer put = admin("PUT", "/admin/faults",
                "{\"LatencyMs\":5,\"LatencyJitterMs\":3,\"ErrorProbabilities\":{\"InternalError\":1.0},"
                        + "\"StopScripts\":{\"t\":{\"Answers\":[\"HTTP_503\"]}}}");
        assertThat(put.status()).isEqualTo(200);

        JsonNode plan = admin("GET", "/admin/faults", null).json();
        assertThat(plan.path("LatencyMs").longValue()).isEqualTo(5);
        assertThat(plan.path("LatencyJitterMs").longValue()).isEqualTo(3);
        assertThat(plan.path("ErrorProbabilities").path("InternalError").doubleValue()).isEqualTo(1.0);
        assertThat(plan.path("StopScripts").path("t").path("Answers").get(0).stringValue()).isEqualTo("HTTP_503");
        assertThat(client.stop("t").send().status()).isEqualTo(503);
        assertThat(client.stop("t").send().errorCode()).isEqualTo("InternalError");

        admin("PUT", "/admin/faults", "{}");

        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(emulator.faults().settings()).isEqualTo(FaultSettings.NONE);
    }

    @Test
    void invalidFaultPlansAreRejectedAndLeaveThePlanAsItWas() {
        emulator.faults().hangProbability(0.5);

        assertThat(admin("PUT", "/admin/faults", "{\"Http5xxProbability\":0.7,\"HangProbability\":0.7}").status())
                .isEqualTo(400);
        assertThat(admin("PUT", "/admin/faults", "{\"Latency\":5}").json().path("Error").stringValue())
                .contains("unknown field 'Latency'");
        assertThat(admin("PUT", "/admin/faults", "{\"StopScripts\":{\"t\":{\"Answers\":[\"nope\"]}}}").status())
                .isEqualTo(400);
        assertThat(emulator.faults().settings().hangProbability()).isEqualTo(0.5);
    }

    @Test
    void aStopScriptIsSetAndClearedPerTask() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        String path = "/admin/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/script";

        Answer set = admin("POST", path, "{\"Answers\":[\"InternalError\"],\"Forever\":\"ResourceNotFound\"}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("TaskId").stringValue()).isEqualTo(taskId);
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("InternalError");
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");

        assertThat(admin("DELETE", path, null).status()).isEqualTo(200);
        assertThat(client.stop(taskId).send().errorCode()).isNull();

        assertThat(admin("POST", path, "{}").status()).isEqualTo(400);
        assertThat(admin("POST", path, "{\"Answers\":[\"HTTP_200\"]}").status()).isEqualTo(400);
    }

    @Test
    void theClockOffsetIsReadChangedAndResetMovesItBack() {
        assertThat(admin("GET", "/admin/clock", null).json().path("OffsetMillis").longValue()).isZero();

        assertThat(admin("PUT", "/admin/clock", "{\"OffsetMillis\":-100}").json().path("OffsetMillis").longValue())
                .isEqualTo(-100);
        assertThat(emulator.clockOffset()).isEqualTo(java.time.Duration.ofMillis(-100));
        assertThat(admin("PUT", "/admin/clock", "{\"OffsetMillis\":\"late\"}").status()).isEqualTo(400);
        emulator.reset();
        assertThat(emulator.clockOffset()).isZero();
    }

    @Test
    void theRateLimitIsReadAndChanged() {
        assertThat(admin("GET", "/admin/rate-limit", null).json().path("RequestsPerSecond").intValue()).isEqualTo(20);

        assertThat(admin("PUT", "/admin/rate-limit", "{\"RequestsPerSecond\":1}").status()).isEqualTo(200);

        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop("t").send().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(admin("PUT", "/admin/rate-limit", "{\"RequestsPerSecond\":-1}").status()).isEqualTo(400);
        assertThat(admin("PUT", "/admin/rate-limit", "{\"RequestsPerSecond\":\"fast\"}").status()).isEqualTo(400);
    }

    @Test
    void resetForgetsTasksCountersAndScriptsAndRestoresTheStartingPlan() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        client.stop(taskId).send();
        emulator.faults().latency(Duration.ofMillis(1), Duration.ZERO).scriptStopAnswersForever("x", "InternalError");
        emulator.rateLimitPerSecond(3);

        assertThat(admin("POST", "/admin/reset", null).status()).isEqualTo(200);

        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.UNKNOWN);
        assertThat(emulator.stopCallCount(taskId)).isZero();
        assertThat(emulator.callsByActionAndCode()).isEmpty();
        assertThat(emulator.faults().settings()).isEqualTo(FaultSettings.NONE);
        assertThat(emulator.faults().scripts()).isEmpty();
        assertThat(emulator.rateLimitPerSecond()).isEqualTo(20);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        assertThat(admin("GET", "/admin/nothing", null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/admin/stats", null).status()).isEqualTo(405);
        assertThat(admin("GET", "/admin/reset", null).status()).isEqualTo(405);
        assertThat(admin("PATCH", "/admin/tasks", "{}").status()).isEqualTo(405);
    }

    private Answer admin(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), JsonCodec.MAPPER.readTree(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
