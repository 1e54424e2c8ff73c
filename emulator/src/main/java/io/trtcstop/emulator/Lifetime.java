package io.trtcstop.emulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits that end early when the emulator closes, so latency and hangs never hold up a shutdown. */
final class Lifetime {

    private final CountDownLatch ended = new CountDownLatch(1);

    void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            ended.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void end() {
        ended.countDown();
    }
}
