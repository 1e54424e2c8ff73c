package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void twoHundredSlowCallsAreOnTheWireAtOnce() {
        int calls = 200;
        Duration latency = Duration.ofSeconds(3);
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
            // Proof of concurrency that no machine load can break: most calls are inside the emulator at once
            // (one after another, at most one would be).
            int[] peak = new int[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
                peak[0] = Math.max(peak[0], emulator.inFlightStopCalls());
                return peak[0] >= calls / 2;
            });
            List<TestClient.ApiResponse> responses = answers.stream().map(CompletableFuture::join).toList();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            System.out.printf("%d concurrent calls with %d ms latency took %d ms (at least %d on the wire at once)%n",
                    calls, latency.toMillis(), elapsed.toMillis(), peak[0]);
            assertThat(responses).allSatisfy(response -> assertThat(response.errorCode()).isNull());
            assertThat(taskIds).allSatisfy(id -> assertThat(emulator.taskState(id)).isEqualTo(TaskState.STOPPED));
            assertThat(emulator.overlappingStopCalls()).isZero();
        }
    }
}
