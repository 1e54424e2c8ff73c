package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Many slow calls at once: latency is slept per request, so concurrent calls overlap in time. */
class ConcurrencyIT {

    @Test
    void twoHundredCallsInFlightWithHundredMillisecondsLatencyFinishTogether() {
        int calls = 200;
        Duration latency = Duration.ofMillis(100);
        MutableClock clock = new MutableClock(Emulators.START);
        try (TrtcEmulator emulator = Emulators.started(clock, b -> b.rateLimitPerSecond(0));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            emulator.faults().latency(latency, Duration.ZERO);
            TestClient client = new TestClient(emulator.endpoint(), clock);
            List<String> taskIds = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                taskIds.add(emulator.createTask(TestClient.SDK_APP_ID, "room-" + i));
            }

            long started = System.nanoTime();
            List<CompletableFuture<TestClient.ApiResponse>> answers = taskIds.stream()
                    .map(taskId -> CompletableFuture.supplyAsync(() -> client.stop(taskId).send(), callers))
                    .toList();
            List<TestClient.ApiResponse> responses = answers.stream().map(CompletableFuture::join).toList();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            System.out.printf("%d concurrent calls with %d ms latency took %d ms%n", calls, latency.toMillis(),
                    elapsed.toMillis());
            assertThat(responses).allSatisfy(response -> assertThat(response.errorCode()).isNull());
            assertThat(taskIds).allSatisfy(id -> assertThat(emulator.taskState(id)).isEqualTo(TaskState.STOPPED));
            // One after another they would take 20 s.
            assertThat(elapsed).isLessThan(latency.multipliedBy(calls / 4));
            assertThat(emulator.overlappingStopCalls()).isZero();
        }
    }
}
