package io.trtcstop.worker.config;

import io.trtcstop.schema.PrintableText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
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
    /** More digits than any accepted duration has in any unit. */
    private static final int MAX_DURATION_DIGITS = 12;
    /** How much of a value a problem line quotes. */
    static final int SHOWN_CHARS = 100;
    /** The longest problem line; longer ones (long messages of the JDK) are cut. */
    private static final int MAX_PROBLEM_CHARS = 300;
    /**
     * What may be user info in a URL: after the scheme, everything up to the last {@code @} (a base URL has no
     * legitimate {@code @} anywhere, so this errs on the side of hiding). Replaced before a URL is shown.
     */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)?.*@", Pattern.DOTALL);

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    /** A problem line: one line of printable text, bounded, whatever the values it quotes. */
    void problem(String message) {
        problems.add(escaped(message, MAX_PROBLEM_CHARS));
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
            problem(name + " is required (" + why + ")");
        }
        return value;
    }

    /** A file or directory name; one the file system cannot name (a NUL character, say) is a problem. */
    Path path(String name, Path fallback) {
        return parse(name, fallback, Path::of, "a path");
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

    /**
     * Durations as {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number means milliseconds. Values
     * outside {@code min..max} (including those too large for a {@link Duration}) are a problem naming the range.
     */
    Duration duration(String name, Duration fallback, Duration min, Duration max) {
        return parse(name, fallback, text -> {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("use e.g. 250ms, 30s, 2m or 1h");
            }
            Duration value = exactDuration(m.group(1), m.group(2) == null ? "ms" : m.group(2));
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max));
            }
            return value;
        }, "a duration");
    }

    /** The amount in the unit, or {@code null} when it is larger than any range the worker accepts. */
    private static Duration exactDuration(String digits, String unit) {
        if (digits.length() > MAX_DURATION_DIGITS) {
            return null;
        }
        long amount = Long.parseLong(digits);
        long unitMillis = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        try {
            return Duration.ofMillis(Math.multiplyExact(amount, unitMillis));
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** A duration as the variables write it: {@code 0ms}, {@code 250ms}, {@code 10s}, {@code 5m}, {@code 24h}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms != 0 && ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
    }

    /** {@code STARTUP_TIMEOUT}, which the worker and the DLQ tools share. */
    Duration startupTimeout() {
        return duration("STARTUP_TIMEOUT", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    /**
     * A base URL: http or https, a host, no user info, and no path (other than {@code /}), query or fragment.
     * Problems show the value with any user info replaced by {@code ***}. Which schemes and hosts a particular
     * endpoint may have is {@link ApiEndpoints}' to say.
     */
    URI uri(String name, URI fallback) {
        return parse(name, fallback, text -> {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL");
            }
            if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
                throw new IllegalArgumentException("must not carry user info");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an http(s) URL with a host");
            }
            String path = uri.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("must have no path, query or fragment");
            }
            return uri;
        }, "a URL", EnvReader::shownUrl);
    }

    /**
     * A value as a problem line shows it: characters other than printable ASCII escaped as in Java source
     * (backslash n, backslash u001b), and at most {@link #SHOWN_CHARS} of it.
     */
    static String shown(String value) {
        return escaped(value, SHOWN_CHARS);
    }

    /** At most {@code limit} characters of {@code text}, non-printable characters escaped; {@code …} marks a cut. */
    private static String escaped(String text, int limit) {
        return PrintableText.escape(text, limit);
    }

    /** Like {@link #shown}, for a URL: anything that may be user info is shown as {@code ***}. */
    static String shownUrl(String value) {
        return shown(USER_INFO.matcher(value).replaceFirst("$1***@"));
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String what) {
        return parse(name, fallback, parser, what, EnvReader::shown);
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String what, Function<String, String> show) {
        String text = raw(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            problem(name + "=" + show.apply(text) + " is not " + what);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem(name + "=" + show.apply(text) + ": " + e.getMessage());
        }
        return fallback;
    }
}
