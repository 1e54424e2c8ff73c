package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Deterministic per-task answers for stop calls. */
class StopScriptTest {

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock, b -> b.rateLimitPerSecond(0));
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    private final String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");

    @Test
    void scriptedCodesAnswerTheNextCallsInOrderThenNormalBehaviourResumes() {
        emulator.faults().scriptStopAnswers(taskId, "InternalError", "RequestLimitExceeded");

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("InternalError");
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(client.stop(taskId).send().errorCode()).isNull();
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");

        assertThat(emulator.stopCallCount(taskId)).isEqualTo(4);
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);
    }

    @Test
    void aForeverScriptFailsTheTaskPermanently() {
        emulator.faults().scriptStopAnswersForever(taskId, "AuthFailure.UnauthorizedOperation");

        for (int i = 0; i < 5; i++) {
            assertThat(client.stop(taskId).send().errorCode()).isEqualTo("AuthFailure.UnauthorizedOperation");
        }
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.stopCallCount(taskId)).isEqualTo(5);
    }

    @Test
    void transportTokensScriptTransportFaults() {
        emulator.faults().scriptStopAnswers(taskId, "HTTP_503", "HTTP_429", "MALFORMED", "DROP", "OK");

        assertThat(client.stop(taskId).send().status()).isEqualTo(503);
        assertThat(client.stop(taskId).send().status()).isEqualTo(429);
        TestClient.ApiResponse malformed = client.stop(taskId).send();
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(FaultInjectionTest.isApiShaped(malformed.rawBody())).isFalse();
        assertThatThrownBy(() -> client.stop(taskId).sendOrThrow()).isInstanceOf(IOException.class);
        assertThat(client.stop(taskId).send().errorCode()).isNull();

        assertThat(emulator.callsByActionAndCode().get("DeleteCloudTranscription"))
                .containsEntry("HTTP_503", 1L).containsEntry("HTTP_429", 1L).containsEntry("MALFORMED", 1L)
                .containsEntry("DROP", 1L).containsEntry("OK", 1L);
    }

    @Test
    void aScriptedHangTimesTheClientOutWithoutCountingAsAnOverlapForTheRetry() {
        emulator.faults().scriptStopAnswers(taskId, "HANG");

        assertThatThrownBy(() -> client.stop(taskId).timeout(Duration.ofMillis(300)).sendOrThrow())
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(client.stop(taskId).send().errorCode()).isNull();
        assertThat(emulator.overlappingStopCalls()).isZero();
    }

    @Test
    void stopThenDropStopsTheTaskButLosesTheAnswer() {
        emulator.faults().scriptStopAnswers(taskId, "STOP_THEN_DROP");

        assertThatThrownBy(() -> client.stop(taskId).sendOrThrow()).isInstanceOf(IOException.class);
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.STOPPED);
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void aScriptWinsOverRandomFaultsAndOnlyTouchesItsTask() {
        String other = emulator.createTask(TestClient.SDK_APP_ID, "room-2");
        emulator.faults().http5xxProbability(1.0).scriptStopAnswers(taskId, "OK");

        assertThat(client.stop(taskId).send().errorCode()).isNull();
        assertThat(client.stop(other).send().status()).isBetween(500, 599);
    }

    @Test
    void aScriptCanBeClearedOrReplaced() {
        emulator.faults().scriptStopAnswersForever(taskId, "InternalError");
        emulator.faults().scriptStopAnswers(taskId, "FailedOperation.CTUnsupportMethod");

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("FailedOperation.CTUnsupportMethod");
        emulator.faults().scriptStopAnswersForever(taskId, "InternalError");
        emulator.faults().clearStopScript(taskId);
        assertThat(client.stop(taskId).send().errorCode()).isNull();
    }

    @Test
    void unknownTokensAreRejected() {
        assertThatThrownBy(() -> emulator.faults().scriptStopAnswers(taskId, "InternalError", "timeout"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> emulator.faults().scriptStopAnswers(taskId, "HTTP_200"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.stop(taskId).send().errorCode()).isNull();
    }

    @Test
    void scriptsAreOnlyForStopCalls() {
        emulator.faults().scriptStopAnswersForever(taskId, "InternalError");

        assertThat(client.describe(taskId).send().field("Status")).isEqualTo("InProgress");
    }
}
