package io.trtcstop.bench;

import java.util.ArrayList;
import java.util.List;

/** What one scenario measured, in the order it is printed; filled in as the scenario runs. */
final class ScenarioResult {

    enum Status { OK, TIMED_OUT, FAILED }

    /**
     * One figure. {@code target} is the goal in words ("≥ 3000"), {@code met} whether this run reached it
     * (null when there is no target).
     */
    record Metric(String name, Object value, String unit, String target, Boolean met) {}

    private final String name;
    private final String description;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Status status = Status.OK;
    private double seconds;

    ScenarioResult(String name, String description) {
        this.name = name;
        this.description = description;
    }

    ScenarioResult add(String metric, Object value, String unit) {
        metrics.add(new Metric(metric, round(value), unit, null, null));
        return this;
    }

    ScenarioResult atLeast(String metric, double value, String unit, double target) {
        metrics.add(new Metric(metric, round(value), unit, "≥ " + format(target), value >= target));
        return this;
    }

    ScenarioResult atMost(String metric, double value, String unit, double target) {
        metrics.add(new Metric(metric, round(value), unit, "≤ " + format(target), value <= target));
        return this;
    }

    ScenarioResult below(String metric, double value, String unit, double target) {
        metrics.add(new Metric(metric, round(value), unit, "< " + format(target), value < target));
        return this;
    }

    ScenarioResult expect(String metric, Object value, String unit, String target, boolean met) {
        metrics.add(new Metric(metric, round(value), unit, target, met));
        return this;
    }

    ScenarioResult note(String note) {
        notes.add(note);
        return this;
    }

    void timedOut(String why) {
        status = Status.TIMED_OUT;
        notes.add("time limit reached: " + why);
    }

    void failed(String why) {
        status = Status.FAILED;
        notes.add("failed: " + why);
    }

    void seconds(double seconds) {
        this.seconds = seconds;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    List<Metric> metrics() {
        return metrics;
    }

    List<String> notes() {
        return notes;
    }

    Status status() {
        return status;
    }

    /** Whether every figure with a target reached it. */
    boolean targetsMet() {
        return metrics.stream().noneMatch(m -> Boolean.FALSE.equals(m.met()));
    }

    double seconds() {
        return seconds;
    }

    private static Object round(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return null;
            }
            double scale = Math.abs(d) >= 100 ? 10 : 1000;
            return Math.round(d * scale) / scale;
        }
        return value;
    }

    static String format(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format("%,.1f", d) : String.format("%.3f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format("%,d", ((Number) value).longValue());
        }
        return value.toString();
    }
}
