package io.trtcstop.emulator;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's frequency limit: at most N requests per second for each action, counted in one-second windows of
 * the injected clock. Requests over the limit are not admitted and do not count.
 */
final class RequestQuota {

    private static final class Window {
        private long second = Long.MIN_VALUE;
        private int admitted;

        synchronized boolean tryAdmit(long now, int limit) {
            if (now != second) {
                second = now;
                admitted = 0;
            }
            if (admitted >= limit) {
                return false;
            }
            admitted++;
            return true;
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private volatile int limitPerSecond;

    RequestQuota(Clock clock, int limitPerSecond) {
        this.clock = clock;
        limit(limitPerSecond);
    }

    /** @param limitPerSecond requests per second per action; 0 turns the limit off */
    void limit(int limitPerSecond) {
        if (limitPerSecond < 0) {
            throw new IllegalArgumentException("the rate limit must be 0 (off) or more requests per second but was "
                    + limitPerSecond);
        }
        this.limitPerSecond = limitPerSecond;
    }

    int limit() {
        return limitPerSecond;
    }

    boolean tryAcquire(String action) {
        int limit = limitPerSecond;
        if (limit == 0) {
            return true;
        }
        long second = Math.floorDiv(clock.millis(), 1000L);
        return windows.computeIfAbsent(action, a -> new Window()).tryAdmit(second, limit);
    }

    void clear() {
        windows.clear();
    }
}
