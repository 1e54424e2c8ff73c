package io.trtcstop.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of durations in milliseconds. */
record Percentiles(long[] sorted) {

    static Percentiles of(Collection<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return new Percentiles(v);
    }

    int count() {
        return sorted.length;
    }

    /** The smallest value at or above which lie {@code 1 - p} of the values; NaN when there are none. */
    double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    long countAbove(long threshold) {
        return Arrays.stream(sorted).filter(v -> v > threshold).count();
    }
}
