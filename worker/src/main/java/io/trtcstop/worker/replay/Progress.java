package io.trtcstop.worker.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A progress line on long runs: done, rate, remaining. Printed at most once per interval, never on short runs. */
final class Progress {

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long everyNanos;
    private final long total;
    private final long start;
    private long lastPrinted;

    Progress(PrintStream out, LongSupplier nanoTime, Duration every, long total) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.everyNanos = every.toNanos();
        this.total = total;
        this.start = nanoTime.getAsLong();
        this.lastPrinted = start;
    }

    void update(long done) {
        long now = nanoTime.getAsLong();
        if (now - lastPrinted < everyNanos) {
            return;
        }
        lastPrinted = now;
        out.println(line(done, now - start));
    }

    String line(long done, long elapsedNanos) {
        double rate = elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
        long remaining = Math.max(0, total - done);
        String eta = rate > 0 ? String.format(Locale.ROOT, ", about %ds left", Math.round(remaining / rate)) : "";
        return String.format(Locale.ROOT, "progress: %d of %d replayed, %.1f/s, %d remaining%s",
                done, total, rate, remaining, eta);
    }
}
