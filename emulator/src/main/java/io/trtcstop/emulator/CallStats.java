package io.trtcstop.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many API calls ended how, per action: "OK", an error code, or a transport fault such as "HTTP_503". */
final class CallStats {

    static final String OK = "OK";

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> calls = new ConcurrentHashMap<>();

    void record(String action, String outcome) {
        calls.computeIfAbsent(action, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new LongAdder())
                .increment();
    }

    long count(String action, String outcome) {
        Map<String, LongAdder> byOutcome = calls.get(action);
        LongAdder adder = byOutcome == null ? null : byOutcome.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    /** An immutable, sorted copy. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        calls.forEach((action, byOutcome) -> {
            Map<String, Long> outcomes = new TreeMap<>();
            byOutcome.forEach((outcome, count) -> outcomes.put(outcome, count.sum()));
            copy.put(action, Collections.unmodifiableMap(outcomes));
        });
        return Collections.unmodifiableMap(copy);
    }

    void clear() {
        calls.clear();
    }
}
