package io.trtcstop.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private Pacer pacer(double rate) {
        return new Pacer(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void spacesRecordsEvenlyAtTheRate() throws InterruptedException {
        Pacer pacer = pacer(4);
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }
        assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
    }

    @Test
    void aSlowStepIsNotMadeUpForWithABurst() throws InterruptedException {
        Pacer pacer = pacer(10);
        pacer.acquire();
        now += 1_000_000_000L; // a slow commit
        pacer.acquire();
        pacer.acquire();
        assertThat(sleeps).containsExactly(100_000_000L);
        assertThat(pacer.waitNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void zeroMeansUnpaced() throws InterruptedException {
        Pacer pacer = pacer(0);
        for (int i = 0; i < 100; i++) {
            pacer.acquire();
        }
        assertThat(sleeps).isEmpty();
    }
}
