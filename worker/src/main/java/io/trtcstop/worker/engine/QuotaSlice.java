package io.trtcstop.worker.engine;

/**
 * This instance's part of the API's per-second call budget, so that the instances of a group together never put
 * more calls into one of the API's fixed one-second windows than it allows, without talking to each other.
 *
 * <p>Picture the account's {@code slotsPerSecond} calls of one second as the points {@code c, c+1, ..., c+T-1} on
 * a line from 0 to T, and give each instance an interval {@code [from, to)} of that line (the intervals of a group
 * do not overlap: each instance computes all of them from the same facts). In second {@code k} an instance may make
 * as many calls as there are points in its interval. The offset {@code c} moves on every second (by the golden
 * ratio, so it visits all of [0, 1) evenly): an interval of length 6.5 then holds 6 points in half of the seconds
 * and 7 in the others, and the budgets of all intervals in any second add up to exactly T.
 *
 * @param slotsPerSecond T, the calls the API allows per second for everybody on this line
 * @param from           where this instance's interval starts, in [0, T]
 * @param to             where it ends, in [from, T]
 */
public record QuotaSlice(int slotsPerSecond, double from, double to) {

    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    public QuotaSlice {
        if (slotsPerSecond < 1 || !(from >= 0) || !(to >= from) || to > slotsPerSecond + 1e-9) {
            throw new IllegalArgumentException("bad quota slice: " + slotsPerSecond + " [" + from + ", " + to + ")");
        }
    }

    /** A line of its own: for a fixed rate, not shared with a group. */
    public static QuotaSlice whole(double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite: " + ratePerSecond);
        }
        return new QuotaSlice((int) Math.max(1, Math.ceil(ratePerSecond)), 0, ratePerSecond);
    }

    /** Calls per second on average. */
    public double rate() {
        return to - from;
    }

    /** The calls this instance may make in the second starting at {@code epochSecond}. */
    public int budget(long epochSecond) {
        double offset = offset(epochSecond);
        // The points in [from, to) are the j in [0, T) with from <= offset + j < to.
        long first = (long) Math.ceil(from - offset);
        long end = (long) Math.ceil(to - offset);
        return (int) Math.max(0, Math.min(end, slotsPerSecond) - Math.max(first, 0));
    }

    /** The same interval, its length scaled by {@code factor} (in (0, 1]): stays inside the interval. */
    public QuotaSlice shrunk(double factor) {
        return new QuotaSlice(slotsPerSecond, from, from + rate() * factor);
    }

    private static double offset(long epochSecond) {
        double x = 0.5 + epochSecond * GOLDEN;
        return x - Math.floor(x);
    }
}
