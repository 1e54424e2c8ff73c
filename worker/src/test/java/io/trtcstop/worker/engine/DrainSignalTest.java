package io.trtcstop.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DrainSignalTest {

    private final DrainSignal drain = new DrainSignal();

    @Test
    void waitsNormallyUntilRaised() throws InterruptedException {
        drain.sleep(Duration.ZERO);
        drain.sleep(Duration.ofMillis(1));
        assertThat(drain.isRaised()).isFalse();
    }

    @Test
    void aRaisedSignalEndsEveryWaitAtOnce() {
        drain.raise();
        assertThatThrownBy(() -> drain.sleep(Duration.ofHours(1))).isInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> drain.sleep(Duration.ZERO)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void raisingWakesAWaitThatIsAlreadyAsleep() throws InterruptedException {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread sleeper = Thread.ofVirtual().start(() -> {
            try {
                drain.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                ended.set(e);
            }
        });
        await().until(() -> sleeper.getState() == Thread.State.WAITING || sleeper.getState() == Thread.State.TIMED_WAITING);
        drain.raise();
        sleeper.join(Duration.ofSeconds(10));
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }
}
