package io.trtcstop.worker.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Raised once, when the worker starts to stop. As the engine's {@link Sleeper} it ends every wait at once from
 * then on (a rate-limit slot, a backoff) with an {@link InterruptedException}, so no new API call starts while
 * draining and only calls already on the wire are waited for; the commands given up are redone by the
 * partition's next owner.
 */
public final class DrainSignal implements Sleeper {

    private final CountDownLatch raised = new CountDownLatch(1);

    public void raise() {
        raised.countDown();
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        boolean draining = duration.isPositive()
                ? raised.await(duration.toNanos(), TimeUnit.NANOSECONDS)
                : isRaised();
        if (draining) {
            throw new InterruptedException("the worker is stopping");
        }
    }
}
