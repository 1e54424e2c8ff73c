package io.trtcstop.worker.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed settings from environment variables, collecting every problem instead of stopping at the first. */
final class EnvReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String message) {
        problems.add(message);
    }

    String raw(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String string(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    String required(String name, String why) {
        String value = raw(name);
        if (value == null) {
            problems.add(name + " is required (" + why + ")");
        }
        return value;
    }

    int integer(String name, int fallback, int min, int max) {
        return parse(name, fallback, text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        }, "a whole number");
    }

    double decimal(String name, double fallback, double min) {
        return parse(name, fallback, text -> {
            double value = Double.parseDouble(text);
            if (!(value >= min) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("must be at least " + min);
            }
            return value;
        }, "a number");
    }

    boolean bool(String name, boolean fallback) {
        return parse(name, fallback, text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("use true or false");
        }, "a boolean");
    }

    /** Durations as {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number means milliseconds. */
    Duration duration(String name, Duration fallback) {
        return parse(name, fallback, text -> {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("use e.g. 250ms, 30s, 2m or 1h");
            }
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }, "a duration");
    }

    URI uri(String name, URI fallback) {
        return parse(name, fallback, text -> {
            try {
                URI uri = new URI(text);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("must be an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + e.getReason());
            }
        }, "a URL");
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String what) {
        String text = raw(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            problems.add(name + "=" + text + " is not " + what);
        } catch (IllegalArgumentException e) {
            problems.add(name + "=" + text + ": " + e.getMessage());
        }
        return fallback;
    }
}
