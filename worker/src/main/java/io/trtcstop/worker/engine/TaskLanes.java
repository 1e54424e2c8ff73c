package io.trtcstop.worker.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One lane per key: work with the same key runs one at a time, in the order it arrived; work with different
 * keys runs side by side. Owned by the poll thread (not thread-safe): it admits work and is told when work ends.
 *
 * @param <W> the unit of work
 */
public final class TaskLanes<W> {

    /** Work waiting behind the running item of its lane; a lane is present while one of its items runs. */
    private final Map<String, ArrayDeque<W>> lanes = new HashMap<>();

    /**
     * @return true if {@code work} may start now; false if it was queued behind a running item of its key
     */
    public boolean admit(String key, W work) {
        ArrayDeque<W> waiting = lanes.get(key);
        if (waiting == null) {
            lanes.put(key, new ArrayDeque<>());
            return true;
        }
        waiting.addLast(work);
        return false;
    }

    /** The running item of {@code key} ended: returns the next item of the lane, which is now running, if any. */
    public Optional<W> finished(String key) {
        ArrayDeque<W> waiting = lanes.get(key);
        if (waiting == null) {
            throw new IllegalStateException("no running work for key " + key);
        }
        W next = waiting.pollFirst();
        if (next == null) {
            lanes.remove(key);
        }
        return Optional.ofNullable(next);
    }

    /** Drops waiting (not running) items that match, e.g. those of a partition this instance lost. */
    public int dropWaiting(Predicate<W> which) {
        int dropped = 0;
        for (ArrayDeque<W> waiting : lanes.values()) {
            int before = waiting.size();
            waiting.removeIf(which);
            dropped += before - waiting.size();
        }
        return dropped;
    }

    /** Number of keys with running work. */
    public int runningKeys() {
        return lanes.size();
    }
}
