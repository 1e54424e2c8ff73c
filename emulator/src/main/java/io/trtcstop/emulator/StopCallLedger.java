package io.trtcstop.emulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per TaskId: how many stop calls reached the task, how many stopped it, and how many are being handled right
 * now. A stop call that arrives while another one for the same TaskId is still being handled is an overlap:
 * a client that serialises calls per TaskId never causes one.
 */
final class StopCallLedger {

    /** Marks one stop call as being handled until closed. */
    interface InFlight extends AutoCloseable {
        @Override
        void close();
    }

    private static final InFlight NOTHING = () -> {
    };

    private static final class Counters {
        final AtomicInteger reached = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
    }

    private final ConcurrentHashMap<String, Counters> byTask = new ConcurrentHashMap<>();
    private final LongAdder overlapping = new LongAdder();
    private final AtomicInteger inFlightTotal = new AtomicInteger();

    /** Starts tracking a stop call for this TaskId (none when the request names no TaskId). */
    InFlight enter(String taskId) {
        if (taskId == null) {
            return NOTHING;
        }
        Counters counters = counters(taskId);
        inFlightTotal.incrementAndGet();
        if (counters.inFlight.incrementAndGet() > 1) {
            overlapping.increment();
        }
        return () -> {
            counters.inFlight.decrementAndGet();
            inFlightTotal.decrementAndGet();
        };
    }

    void reached(String taskId) {
        counters(taskId).reached.incrementAndGet();
    }

    void stopped(String taskId) {
        counters(taskId).stopped.incrementAndGet();
    }

    int reachedCount(String taskId) {
        Counters counters = byTask.get(taskId);
        return counters == null ? 0 : counters.reached.get();
    }

    int stoppedCount(String taskId) {
        Counters counters = byTask.get(taskId);
        return counters == null ? 0 : counters.stopped.get();
    }

    int inFlight() {
        return inFlightTotal.get();
    }

    long overlapping() {
        return overlapping.sum();
    }

    /** Forgets the counts; calls still in flight keep their own bookkeeping and leave cleanly. */
    void clear() {
        byTask.clear();
        overlapping.reset();
    }

    private Counters counters(String taskId) {
        return byTask.computeIfAbsent(taskId, id -> new Counters());
    }
}
