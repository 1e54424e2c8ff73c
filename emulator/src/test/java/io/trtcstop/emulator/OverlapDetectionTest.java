package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A stop call that arrives while another for the same TaskId is being handled is counted: the worker's tests
 * assert the count stays 0 to prove calls per TaskId are kept in order.
 */
class OverlapDetectionTest {

    /** Long enough that the second call provably arrives while the first is being handled. */
    private static final Duration LATENCY = Duration.ofMillis(1500);

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock, b -> b.rateLimitPerSecond(0));
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    /** One thread per caller: the calls must really be concurrent. */
    @AutoClose("shutdownNow")
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void sequentialCallsForOneTaskDoNotOverlap() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        emulator.faults().latency(Duration.ofMillis(20), Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            client.stop(taskId).send();
        }

        assertThat(emulator.overlappingStopCalls()).isZero();
        assertThat(emulator.stopCallCount(taskId)).isEqualTo(5);
    }

    @Test
    void aSecondCallForTheSameTaskWhileTheFirstIsHandledIsAnOverlap() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        emulator.faults().latency(LATENCY, Duration.ZERO);

        CompletableFuture<TestClient.ApiResponse> first =
                CompletableFuture.supplyAsync(() -> client.stop(taskId).send(), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.inFlightStopCalls() == 1);
        CompletableFuture<TestClient.ApiResponse> second =
                CompletableFuture.supplyAsync(() -> client.stop(taskId).send(), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.inFlightStopCalls() == 2);

        assertThat(emulator.overlappingStopCalls()).isEqualTo(1);
        assertThat(first.join().errorCode()).isNull();
        assertThat(second.join().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(emulator.inFlightStopCalls()).isZero();
    }

    @Test
    void concurrentCallsForDifferentTasksDoNotOverlap() {
        String a = emulator.createTask(TestClient.SDK_APP_ID, "room-a");
        String b = emulator.createTask(TestClient.SDK_APP_ID, "room-b");
        emulator.faults().latency(LATENCY, Duration.ZERO);

        CompletableFuture<TestClient.ApiResponse> first =
                CompletableFuture.supplyAsync(() -> client.stop(a).send(), callers);
        CompletableFuture<TestClient.ApiResponse> second =
                CompletableFuture.supplyAsync(() -> client.stop(b).send(), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.inFlightStopCalls() == 2);

        assertThat(first.join().errorCode()).isNull();
        assertThat(second.join().errorCode()).isNull();
        assertThat(emulator.overlappingStopCalls()).isZero();
    }

    @Test
    void evenInvalidStopCallsAreWatchedFromTheirArrival() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        emulator.faults().latency(LATENCY, Duration.ZERO);

        CompletableFuture<TestClient.ApiResponse> first = CompletableFuture.supplyAsync(
                () -> client.stop(taskId).secretKey("wrong").send(), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.inFlightStopCalls() == 1);
        CompletableFuture<TestClient.ApiResponse> second =
                CompletableFuture.supplyAsync(() -> client.stop(taskId).send(), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.inFlightStopCalls() == 2);

        assertThat(emulator.overlappingStopCalls()).isEqualTo(1);
        assertThat(first.join().errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(second.join().errorCode()).isNull();
    }
}
