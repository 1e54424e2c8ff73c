package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each kind of injected fault, its share of calls, and what it never touches. */
class FaultInjectionTest {

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator =
            Emulators.started(clock, b -> b.rateLimitPerSecond(0).hangDuration(Duration.ofMinutes(5)));
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    private final String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");

    @Test
    void latencyDelaysTheAnswer() {
        emulator.faults().latency(Duration.ofMillis(200), Duration.ZERO);

        long started = System.nanoTime();
        assertThat(client.stop(taskId).send().errorCode()).isNull();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void latencyJitterIsUniformUpToTheExtra() {
        FaultPlan plan = new FaultPlan(new RandomSource(new SplittableRandom(1)), FaultSettings.NONE)
                .latency(Duration.ofMillis(100), Duration.ofMillis(50));
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Duration latency = plan.drawLatency();
            assertThat(latency).isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
            seen.add(latency);
        }
        assertThat(seen).contains(Duration.ofMillis(100), Duration.ofMillis(150)).hasSizeGreaterThan(40);
    }

    @Test
    void anInjectedErrorCodeIsAnApiErrorAndTheTaskKeepsRunning() {
        emulator.faults().errorProbability("InternalError", 1.0);

        TestClient.ApiResponse response = client.stop(taskId).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.errorCode()).isEqualTo("InternalError");
        assertThat(response.requestId()).isNotBlank();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.stopCallCount(taskId)).isEqualTo(1);
        assertThat(emulator.callCount("DeleteCloudTranscription", "InternalError")).isEqualTo(1);
    }

    @Test
    void http5xxIsAGatewayErrorWithoutApiBody() {
        emulator.faults().http5xxProbability(1.0);
        Set<Integer> statuses = new HashSet<>();

        for (int i = 0; i < 40; i++) {
            TestClient.ApiResponse response = client.stop(taskId).send();
            assertThat(response.status()).isBetween(500, 599);
            assertThat(response.contentType()).startsWith("text/html");
            statuses.add(response.status());
        }

        assertThat(statuses).containsExactlyInAnyOrder(500, 502, 503, 504);
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.callsByActionAndCode().get("DeleteCloudTranscription"))
                .containsOnlyKeys("HTTP_500", "HTTP_502", "HTTP_503", "HTTP_504");
    }

    @Test
    void aDroppedConnectionGivesTheClientNoAnswer() {
        emulator.faults().dropConnectionProbability(1.0);

        assertThatThrownBy(() -> client.stop(taskId).sendOrThrow()).isInstanceOf(IOException.class);
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.callCount("DeleteCloudTranscription", "DROP")).isEqualTo(1);
    }

    @Test
    void aHangOutlastsTheClientsTimeoutAndEndsWhenTheEmulatorCloses() {
        emulator.faults().hangProbability(1.0);

        assertThatThrownBy(() -> client.stop(taskId).timeout(Duration.ofMillis(300)).sendOrThrow())
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(emulator.callCount("DeleteCloudTranscription", "HANG")).isEqualTo(1);
        assertThat(emulator.inFlightStopCalls()).as("a hanging call no longer counts as being handled").isZero();

        long closing = System.nanoTime();
        emulator.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(30)); // a hung call would hold it for ever; 30 s leaves a loaded machine room
    }

    @Test
    void aMalformedBodyIsHttp200OutsideTheApiShape() {
        emulator.faults().malformedBodyProbability(1.0);

        for (int i = 0; i < 30; i++) {
            TestClient.ApiResponse response = client.stop(taskId).send();
            assertThat(response.status()).isEqualTo(200);
            assertThat(isApiShaped(response.rawBody())).as(response.body()).isFalse();
        }
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.callCount("DeleteCloudTranscription", "MALFORMED")).isEqualTo(30);
    }

    @Test
    void probabilitiesAreSharesOfCalls() {
        emulator.faults().errorProbability("InternalError", 0.3).http5xxProbability(0.2);
        int calls = 1000;

        for (int i = 0; i < calls; i++) {
            client.stop("t").send();
        }

        long internal = emulator.callCount("DeleteCloudTranscription", "InternalError");
        long http5xx = emulator.callsByActionAndCode().get("DeleteCloudTranscription").entrySet().stream()
                .filter(e -> e.getKey().startsWith("HTTP_5")).mapToLong(e -> e.getValue()).sum();
        assertThat(internal).isBetween(250L, 350L);
        assertThat(http5xx).isBetween(150L, 250L);
        assertThat(emulator.callCount("DeleteCloudTranscription", "ResourceNotFound"))
                .isEqualTo(calls - internal - http5xx);
    }

    @Test
    void faultsApplyToEveryAction() {
        emulator.faults().errorProbability("InternalError.CTInternalError", 1.0);

        assertThat(client.create("room").send().errorCode()).isEqualTo("InternalError.CTInternalError");
        assertThat(client.describe(taskId).send().errorCode()).isEqualTo("InternalError.CTInternalError");
    }

    @Test
    void aBadRequestAlwaysGetsItsRealError() {
        emulator.faults().errorProbability("InternalError", 0.5).dropConnectionProbability(0.5);

        assertThat(client.stop(taskId).secretKey("wrong").send().errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(client.call("DeleteCloudTranscription", "{}").send().errorCode())
                .isEqualTo("MissingParameter.SdkAppId");
    }

    @Test
    void clearRestoresNormalBehaviour() {
        emulator.faults().errorProbability("InternalError", 1.0).latency(Duration.ofSeconds(30), Duration.ZERO);

        emulator.faults().clear();

        assertThat(client.stop(taskId).send().errorCode()).isNull();
    }

    @Test
    void impossiblePlansAreRejected() {
        FaultPlan faults = emulator.faults().errorProbability("InternalError", 0.6);

        assertThatThrownBy(() -> faults.http5xxProbability(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1");
        assertThatThrownBy(() -> faults.hangProbability(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.dropConnectionProbability(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.errorProbability("not a code", 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.errorProbability("HTTP_503", 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.latency(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.settings().errorProbabilities()).containsExactly(Map.entry("InternalError", 0.6));
        assertThat(faults.settings().http5xxProbability()).isZero();
    }

    /** What a client can rely on: {"Response":{...,"RequestId":"..."}} with a well-typed Error if any. */
    static boolean isApiShaped(byte[] body) {
        JsonNode json;
        try {
            json = JsonCodec.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            return false;
        }
        JsonNode response = json.path("Response");
        if (!response.isObject() || !response.path("RequestId").isString()) {
            return false;
        }
        JsonNode error = response.path("Error");
        return error.isMissingNode()
                || (error.path("Code").isString() && error.path("Message").isString());
    }
}
