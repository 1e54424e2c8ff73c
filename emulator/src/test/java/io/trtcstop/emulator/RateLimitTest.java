package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** At most N requests per second per action, in windows of the injected clock. */
class RateLimitTest {

    private final MutableClock clock = new MutableClock(Emulators.START.plusMillis(100));
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock);
    private final TestClient client = new TestClient(emulator.endpoint(), clock);

    @Test
    void theTwentyFirstCallInOneSecondIsRequestLimitExceeded() {
        for (int i = 0; i < 20; i++) {
            assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        }

        TestClient.ApiResponse limited = client.stop("t").send();

        assertThat(limited.status()).isEqualTo(200);
        assertThat(limited.errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(emulator.callCount("DeleteCloudTranscription", "RequestLimitExceeded")).isEqualTo(1);
    }

    @Test
    void aSlowAnswerIsCountedWhenTheCallArrivesNotWhenItIsAnswered() throws Exception {
        emulator.faults().answerDelay(Duration.ofSeconds(2));
        java.util.concurrent.CompletableFuture<TestClient.ApiResponse> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> client.stop("t").send());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(1))
                .until(() -> !emulator.callsPerSecond().of("DeleteCloudTranscription").isEmpty());
        assertThat(answer).as("counted, still being answered").isNotDone();
        assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS).errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void theWindowsFollowTheEmulatorsClockNotTheCallersWhenTheyDiffer() {
        emulator.clockOffset(java.time.Duration.ofMillis(-200)); // host START + 0.100 is API START - 0.100
        for (int i = 0; i < 20; i++) {
            assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        }
        clock.advance(java.time.Duration.ofMillis(150)); // the same second for the host, the next one for the API

        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(emulator.callsPerSecond().of("DeleteCloudTranscription")).containsExactly(
                new CallsPerSecond.Second(Emulators.START.getEpochSecond() - 1, 20, 0),
                new CallsPerSecond.Second(Emulators.START.getEpochSecond(), 1, 0));
    }

    @Test
    void throttledCallsDoNotReachTheTask() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        for (int i = 0; i < 20; i++) {
            client.stop("other").send();
        }

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(emulator.stopCallCount(taskId)).isZero();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void theLimitIsPerAction() {
        for (int i = 0; i < 20; i++) {
            client.stop("t").send();
        }

        assertThat(client.describe("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop("t").send().errorCode()).isEqualTo("RequestLimitExceeded");
    }

    @Test
    void theNextSecondOfTheClockStartsAFreshWindow() {
        for (int i = 0; i < 20; i++) {
            client.stop("t").send();
        }
        clock.advance(Duration.ofMillis(899));
        assertThat(client.stop("t").send().errorCode()).isEqualTo("RequestLimitExceeded");

        clock.advance(Duration.ofMillis(1));

        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void theLimitChangesAtRunTime() {
        emulator.rateLimitPerSecond(2);
        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop("t").send().errorCode()).isEqualTo("RequestLimitExceeded");

        emulator.rateLimitPerSecond(0);

        for (int i = 0; i < 50; i++) {
            assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
        }
        assertThat(emulator.rateLimitPerSecond()).isZero();
    }

    @Test
    void aNegativeLimitIsRejected() {
        assertThatThrownBy(() -> emulator.rateLimitPerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsRejectedBeforeTheActionIsKnownDoNotUseTheQuota() {
        for (int i = 0; i < 25; i++) {
            client.stop("t").secretKey("wrong").send();
        }

        assertThat(client.stop("t").send().errorCode()).isEqualTo("ResourceNotFound");
    }
}
