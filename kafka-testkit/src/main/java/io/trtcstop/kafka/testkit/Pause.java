package io.trtcstop.kafka.testkit;

import java.time.Duration;

/** The short pause between two checks of a condition that is polled. */
final class Pause {

    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
