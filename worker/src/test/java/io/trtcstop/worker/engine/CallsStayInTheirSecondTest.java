package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.testing.ManualClock;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 2: when the API is slower than {@code MAX_IN_FLIGHT / rate}, commands must wait for a call slot
 * before they take a rate permit, so that no permit is granted in one second and spent in a later one.
 */
class CallsStayInTheirSecondTest {

    private static final int RATE = 10;
    private static final int MAX_IN_FLIGHT = 2;
    private static final int COMMANDS = 40;
    private static final DeleteResult OK = new DeleteResult.Stopped("task", "req-ok");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ApiRateLimiter limiter = new ApiRateLimiter(RATE, Duration.ofSeconds(1), clock, clock.sleeper());
    private final Map<Long, Integer> callsPerSecond = new ConcurrentSkipListMap<>();
    private final CountDownLatch apiRecovered = new CountDownLatch(1);

    @Test
    void slowCallsThenRecoveryNeverPutMoreCallsIntoASecondThanItsBudget() throws InterruptedException {
        StopAttempts attempts = new StopAttempts(command -> {
            callsPerSecond.merge(clock.instant().getEpochSecond(), 1, Integer::sum);
            try {
                apiRecovered.await(); // on the wire until the API recovers: latency well above MAX_IN_FLIGHT / rate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OK;
        }, new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(5)), limiter,
                new OutageBreaker(OutageBreaker.Settings.defaults(), clock, clock.sleeper()), MAX_IN_FLIGHT,
                () -> { }, clock, clock.sleeper(), () -> 0.5);
        limiter.acquire(); // a call that ended before the API slowed down: the limiter is past its first call
        limiter.callEnded();
        List<Thread> commands = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            StopCommand command = new StopCommand(1400000001L, "task-" + i, Region.AP_SINGAPORE, null, null, null);
            commands.add(Thread.ofVirtual().start(() -> attempts.run(command)));
        }
        // Everybody is parked: two calls on the wire, the others waiting at a gate.
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.inFlight() == MAX_IN_FLIGHT
                && commands.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

        clock.advance(Duration.ofSeconds(6)); // the calls took 6 s; then the API answers at once again
        apiRecovered.countDown();
        for (Thread command : commands) {
            command.join(Duration.ofSeconds(10));
            assertThat(command.isAlive()).isFalse();
        }

        assertThat(callsPerSecond.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(COMMANDS);
        callsPerSecond.forEach((second, calls) -> assertThat(calls)
                .as("calls started in second %d (%s)", second, callsPerSecond).isLessThanOrEqualTo(RATE));
    }
}
