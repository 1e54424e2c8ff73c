package io.trtcstop.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per action and second of the clock: how many calls the rate limit accepted and how many it refused with
 * {@code RequestLimitExceeded}. Accepted alone can never exceed the limit, so what a client offered in a second
 * (accepted + throttled) is what shows whether a group of clients kept to a shared quota. Only the last
 * {@link #KEPT_SECONDS} seconds are kept per action, so a long run does not grow without bound. The second is read
 * from the rate limit's clock right after its decision, so a call decided in the last microseconds of a second may
 * be counted in the next one.
 */
public final class CallsPerSecond {

    static final int KEPT_SECONDS = 3600;

    /** One second of one action: {@code epochSecond} as the rate limit's window counts it. */
    public record Second(long epochSecond, long accepted, long throttled) {
        /** Calls that arrived at the rate limit in this second. */
        public long offered() {
            return accepted + throttled;
        }
    }

    private static final class Counts {
        final LongAdder accepted = new LongAdder();
        final LongAdder throttled = new LongAdder();
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<Long, Counts>> byAction = new ConcurrentHashMap<>();

    CallsPerSecond(Clock clock) {
        this.clock = clock;
    }

    void accepted(String action) {
        counts(action).accepted.increment();
    }

    void throttled(String action) {
        counts(action).throttled.increment();
    }

    /** The seconds with at least one call of this action, oldest first. */
    public List<Second> of(String action) {
        ConcurrentSkipListMap<Long, Counts> seconds = byAction.get(action);
        if (seconds == null) {
            return List.of();
        }
        return seconds.entrySet().stream()
                .map(e -> new Second(e.getKey(), e.getValue().accepted.sum(), e.getValue().throttled.sum()))
                .toList();
    }

    /** Every action's seconds, sorted by action. */
    Map<String, List<Second>> snapshot() {
        Map<String, List<Second>> copy = new TreeMap<>();
        byAction.keySet().forEach(action -> copy.put(action, of(action)));
        return copy;
    }

    void clear() {
        byAction.clear();
    }

    private Counts counts(String action) {
        long second = Math.floorDiv(clock.millis(), 1000L);
        ConcurrentSkipListMap<Long, Counts> seconds = byAction.computeIfAbsent(action,
                a -> new ConcurrentSkipListMap<>());
        Counts counts = seconds.computeIfAbsent(second, s -> new Counts());
        seconds.headMap(second - KEPT_SECONDS).clear();
        return counts;
    }
}
