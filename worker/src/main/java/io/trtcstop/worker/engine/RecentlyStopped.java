package io.trtcstop.worker.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tasks this instance stopped (or found stopped) recently, so a repeated command is answered without an API
 * call. Bounded in size and age; owned by the poll thread (not thread-safe).
 */
public final class RecentlyStopped {

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> stoppedAt = new LinkedHashMap<>();

    public RecentlyStopped(int capacity, Duration ttl, Clock clock) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** False when deduplication is off (capacity 0). */
    public boolean enabled() {
        return capacity > 0;
    }

    public void remember(String key) {
        if (capacity == 0) {
            return;
        }
        stoppedAt.remove(key); // re-insert so insertion order stays age order
        stoppedAt.put(key, clock.instant());
        if (stoppedAt.size() > capacity) {
            Iterator<Map.Entry<String, Instant>> oldest = stoppedAt.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    public boolean contains(String key) {
        expire();
        return stoppedAt.containsKey(key);
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(ttl);
        Iterator<Map.Entry<String, Instant>> it = stoppedAt.entrySet().iterator();
        while (it.hasNext() && !it.next().getValue().isAfter(cutoff)) {
            it.remove();
        }
    }

    public int size() {
        return stoppedAt.size();
    }
}
