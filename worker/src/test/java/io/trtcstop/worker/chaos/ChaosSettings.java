package io.trtcstop.worker.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * What a hand run may change through system properties (passed through by Maven, e.g.
 * {@code mvn verify -Dit.test='*ChaosIT' -Dchaos.scale=10}):
 * <ul>
 *   <li>{@code chaos.scale} (default 1): multiplies the number of commands (and the kill count of the crash storm);</li>
 *   <li>{@code chaos.outage} (default {@code 30s}): how long the API outage lasts, e.g. {@code 5m};</li>
 *   <li>{@code chaos.groupProtocol} (default {@code classic}): {@code consumer} runs the workers with KIP-848.</li>
 *   <li>{@code chaos.apiClockOffsetMs} (default 0): the emulator's clock this far ahead of the workers' hosts
 *   (negative: behind), in the quota tests.</li>
 * </ul>
 */
final class ChaosSettings {

    private ChaosSettings() {
    }

    static int scale() {
        String value = System.getProperty("chaos.scale", "1").trim();
        try {
            int scale = Integer.parseInt(value);
            if (scale >= 1) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-Dchaos.scale must be a whole number of 1 or more but was '" + value + "'");
    }

    /** {@code base} times {@link #scale()}. */
    static int scaled(int base) {
        return Math.multiplyExact(base, scale());
    }

    static Duration outage() {
        String value = System.getProperty("chaos.outage", "30s").trim().toLowerCase(Locale.ROOT);
        IllegalArgumentException bad = new IllegalArgumentException(
                "-Dchaos.outage must be a duration such as 30s or 5m but was '" + value + "'");
        if (!value.matches("[0-9]{1,9}(ms|s|m|h)")) {
            throw bad;
        }
        String unit = value.replaceAll("[0-9]", "");
        long amount = Long.parseLong(value.substring(0, value.length() - unit.length()));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw bad;
        };
    }

    /** {@code classic} or {@code consumer} (KIP-848), as KAFKA_CLIENT_GROUP_PROTOCOL takes it. */
    static String groupProtocol() {
        String value = System.getProperty("chaos.groupProtocol", "classic").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("classic") && !value.equals("consumer")) {
            throw new IllegalArgumentException("-Dchaos.groupProtocol must be classic or consumer but was '" + value + "'");
        }
        return value;
    }

    /** The emulator's clock ahead of the hosts' in the quota tests ({@code -Dchaos.apiClockOffsetMs}). */
    static Duration apiClockOffset() {
        return Duration.ofMillis(Long.parseLong(System.getProperty("chaos.apiClockOffsetMs", "0").trim()));
    }
}
