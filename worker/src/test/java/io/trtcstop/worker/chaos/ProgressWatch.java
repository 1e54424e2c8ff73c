package io.trtcstop.worker.chaos;

import java.time.Duration;

/**
 * Watches the committed outcomes of a run on its own reader and thread, and remembers the longest stretch in which
 * no new outcome became visible (from the first outcome until {@link #stop}): "progress in every 30 s window" is
 * that stretch staying under 30 s.
 */
final class ProgressWatch implements AutoCloseable {

    private static final Duration SAMPLE = Duration.ofMillis(250);

    private final CommittedOutput output;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastProgressNanos;
    private long longestGapNanos;
    private int seen;

    ProgressWatch(ChaosTopics topics) {
        this.output = new CommittedOutput(topics); // its own consumer: the test's reader stays on the test's thread
        this.thread = Thread.ofPlatform().daemon().name("chaos-progress-watch").start(this::watch);
    }

    private void watch() {
        while (running) {
            int now;
            try {
                now = output.outcomes().size();
            } catch (RuntimeException e) {
                now = seen; // the cluster is moving leaders; the next sample reads again
            }
            synchronized (this) {
                long t = System.nanoTime();
                if (now > seen) {
                    if (seen > 0) {
                        longestGapNanos = Math.max(longestGapNanos, t - lastProgressNanos);
                    }
                    seen = now;
                    lastProgressNanos = t;
                }
            }
            try {
                Thread.sleep(SAMPLE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching once everything is committed; the time since the last progress does not count. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest time between two samples that saw new committed outcomes. */
    synchronized Duration longestWithoutProgress() {
        return Duration.ofNanos(longestGapNanos);
    }

    @Override
    public void close() {
        stop();
        output.close();
    }
}
