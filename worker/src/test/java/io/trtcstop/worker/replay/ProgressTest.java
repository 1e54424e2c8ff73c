package io.trtcstop.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private long now;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> now,
            Duration.ofSeconds(5), 1000);

    @Test
    void printsDoneRateAndRemainingAtMostOncePerInterval() {
        now = Duration.ofSeconds(4).toNanos();
        progress.update(100);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("a short run prints nothing").isEmpty();
        now = Duration.ofSeconds(10).toNanos();
        progress.update(250);
        progress.update(260);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("progress: 250 of 1000 replayed, 25.0/s, 750 remaining, about 30s left");
    }
}
