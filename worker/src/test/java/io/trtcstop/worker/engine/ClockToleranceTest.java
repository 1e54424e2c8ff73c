package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3: three instances share 20 calls/s through adjoining slices, their hosts' clocks 100 ms ahead of,
 * equal to and 100 ms behind the API's, calls taking up to 100 ms to reach it. Each keeps to its budget by its own
 * clock; the API counts the calls by its own. No API window may get more than 20.
 *
 * <p>One thread plays all three in steps of a millisecond of API time: an instance whose limiter would wait is
 * skipped until the next step (its sleeper throws instead of sleeping), so the run is exact and repeatable.
 */
class ClockToleranceTest {

    private static final int QUOTA = 20;

    private static final class WouldWait extends RuntimeException {
        WouldWait() {
            super(null, null, false, false);
        }
    }

    private record Instance(ApiRateLimiter limiter, Duration arrival) {
    }

    private final ManualClock api = new ManualClock(Instant.parse("2026-01-01T00:00:00.000Z"));

    @Test
    void clocks100msApartNeverOverfillAnApiWindow() {
        Map<Long, Integer> perWindow = run(List.of(Duration.ofMillis(100), Duration.ZERO, Duration.ofMillis(-100)),
                Duration.ofMillis(100));

        assertThat(perWindow.values().stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("calls per API window: %s", perWindow).isLessThanOrEqualTo(QUOTA);
        // and the quota is still used: every full window gets (almost) all of it
        perWindow.remove(perWindow.keySet().stream().findFirst().orElseThrow());
        assertThat(perWindow.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(QUOTA - 1));
    }

    @Test
    void beyondTheToleranceWindowsOverfill() {
        Map<Long, Integer> perWindow = run(List.of(Duration.ofMillis(400), Duration.ZERO, Duration.ofMillis(-400)),
                Duration.ofMillis(100));

        // What the docs say happens beyond 100 ms: some windows get more than the quota (the API throttles them).
        assertThat(perWindow.values().stream().mapToInt(Integer::intValue).max().orElse(0))
                .isGreaterThan(QUOTA);
    }

    /** Runs 30 s of a backlog on every instance; returns the calls per API window (by the API's clock). */
    private Map<Long, Integer> run(List<Duration> hostOffsets, Duration maxArrival) {
        double share = (double) QUOTA / hostOffsets.size();
        Instance[] instances = new Instance[hostOffsets.size()];
        for (int i = 0; i < instances.length; i++) {
            Clock host = Clock.offset(api, hostOffsets.get(i));
            QuotaSlice slice = new QuotaSlice(QUOTA, i * share, (i + 1) * share);
            ApiRateLimiter limiter = new ApiRateLimiter(slice, Duration.ofSeconds(1), host, d -> {
                throw new WouldWait();
            });
            instances[i] = new Instance(limiter, maxArrival.multipliedBy(i).dividedBy(Math.max(1, instances.length - 1)));
        }
        Map<Long, Integer> perWindow = new TreeMap<>();
        for (int ms = 0; ms < 30_000; ms++) {
            for (Instance instance : instances) {
                while (tryAcquire(instance.limiter())) {
                    long window = api.instant().plus(instance.arrival()).getEpochSecond();
                    perWindow.merge(window, 1, Integer::sum);
                }
            }
            api.advance(Duration.ofMillis(1));
        }
        perWindow.remove(api.instant().plus(maxArrival).getEpochSecond()); // the last window is cut short
        return perWindow;
    }

    private static boolean tryAcquire(ApiRateLimiter limiter) {
        try {
            limiter.acquire();
            limiter.callEnded(); // made at once; its way to the API is the instance's arrival delay
            return true;
        } catch (WouldWait wait) {
            return false;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
