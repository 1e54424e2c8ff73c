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
 * be counted in the next one. The same counts are also kept per caller (the SecretId that signed the call), so a
 * test can tell the clients of one account apart, as the API's quota does not.
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
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentSkipListMap<Long, Counts>>> byCaller =
            new ConcurrentHashMap<>();

    CallsPerSecond(Clock clock) {
        this.clock = clock;
    }

    void accepted(String action, String caller) {
        long second = second();
        counts(byAction.computeIfAbsent(action, a -> new ConcurrentSkipListMap<>()), second).accepted.increment();
        counts(callerSeconds(action, caller), second).accepted.increment();
    }

    void throttled(String action, String caller) {
        long second = second();
        counts(byAction.computeIfAbsent(action, a -> new ConcurrentSkipListMap<>()), second).throttled.increment();
        counts(callerSeconds(action, caller), second).throttled.increment();
    }

    /** The seconds with at least one call of this action, oldest first. */
    public List<Second> of(String action) {
        ConcurrentSkipListMap<Long, Counts> seconds = byAction.get(action);
        if (seconds == null) {
            return List.of();
        }
        return list(seconds);
    }

    /** The seconds of this action per caller (the SecretId that signed the calls), callers sorted. */
    public Map<String, List<Second>> byCaller(String action) {
        Map<String, List<Second>> copy = new TreeMap<>();
        byCaller.getOrDefault(action, new ConcurrentHashMap<>()).forEach((caller, seconds) ->
                copy.put(caller, list(seconds)));
        return copy;
    }

    /** Every action's seconds, sorted by action. */
    Map<String, List<Second>> snapshot() {
        Map<String, List<Second>> copy = new TreeMap<>();
        byAction.keySet().forEach(action -> copy.put(action, of(action)));
        return copy;
    }

    void clear() {
        byAction.clear();
        byCaller.clear();
    }

    private long second() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    private ConcurrentSkipListMap<Long, Counts> callerSeconds(String action, String caller) {
        return byCaller.computeIfAbsent(action, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(caller == null ? "" : caller, c -> new ConcurrentSkipListMap<>());
    }

    private static List<Second> list(ConcurrentSkipListMap<Long, Counts> seconds) {
        return seconds.entrySet().stream()
                .map(e -> new Second(e.getKey(), e.getValue().accepted.sum(), e.getValue().throttled.sum()))
                .toList();
    }

    private static Counts counts(ConcurrentSkipListMap<Long, Counts> seconds, long second) {
        Counts counts = seconds.computeIfAbsent(second, s -> new Counts());
        seconds.headMap(second - KEPT_SECONDS).clear();
        return counts;
    }
}
