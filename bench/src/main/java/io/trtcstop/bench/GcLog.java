package io.trtcstop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker JVM's heap as its unified GC log ({@code -Xlog:gc}) tells it: used before and after each
 * collection, and committed. Reading the log costs the worker nothing, unlike attaching jcmd every second.
 */
record GcLog(List<Sample> samples) {

    /** One collection: uptime in seconds, heap used before and after it, heap committed, all in MiB. */
    record Sample(double uptimeSeconds, double beforeMib, double afterMib, double committedMib) {}

    // [1.234s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+(?:\\.\\d+)?)s].*GC\\(\\d+\\) .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    static GcLog read(Path file) {
        List<Sample> samples = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = PAUSE.matcher(line);
                    if (m.find()) {
                        samples.add(new Sample(Double.parseDouble(m.group(1)), mib(m.group(2), m.group(3)),
                                mib(m.group(4), m.group(5)), mib(m.group(6), m.group(7))));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read GC log " + file, e);
            }
        }
        return new GcLog(List.copyOf(samples));
    }

    private static double mib(String amount, String unit) {
        double v = Double.parseDouble(amount);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** The most heap in use at any time: just before some collection. NaN when nothing was collected. */
    double peakUsedMib() {
        return samples.stream().mapToDouble(Sample::beforeMib).max().orElse(Double.NaN);
    }

    double peakCommittedMib() {
        return samples.stream().mapToDouble(Sample::committedMib).max().orElse(Double.NaN);
    }

    /** Largest live heap (used after a collection) among collections in [from, to) of the list, by position. */
    double maxAfterMib(double fromFraction, double toFraction) {
        int from = (int) Math.floor(samples.size() * fromFraction);
        int to = (int) Math.ceil(samples.size() * toFraction);
        return samples.subList(from, Math.max(from, Math.min(to, samples.size()))).stream()
                .mapToDouble(Sample::afterMib).max().orElse(Double.NaN);
    }
}
