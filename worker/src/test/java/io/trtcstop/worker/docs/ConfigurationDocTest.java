package io.trtcstop.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.config.InvalidConfigException;
import io.trtcstop.worker.config.ReplayConfig;
import io.trtcstop.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} against the code: every variable the configuration readers (the worker's, with
 * the credential settings, and the DLQ tools') and logback read has a row, every row is a variable the code reads,
 * and each documented default is the code's: setting a variable to its documented default changes nothing, and a
 * variable documented as required is refused when missing, and a whole-number range {@code min..max} is the
 * code's. The variables come from the readers themselves,
 * through a {@link RecordingEnvironment}, never from a list kept here.
 */
class ConfigurationDocTest {

    private static final Path PAGE = DocPages.DOCS.resolve("configuration.md");
    private static final Path LOGBACK = Path.of("src", "main", "resources");
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern WHOLE_RANGE = Pattern.compile("`?(\\d+)\\.\\.(\\d+)`?");
    private static final Pattern DURATION_RANGE = Pattern.compile("`(\\d+)(ms|s|m|h)\\.\\.(\\d+)(ms|s|m|h)`");
    private static final Map<String, String> BASE = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "HOSTNAME", "docs-check");
    /** The key under which {@link #variablesRead} notes the readers that go through every variable. */
    private static final String BY_PREFIX = "(by prefix)";
    /** For comparing defaults: a static id, so two reads of one environment give equal configurations. */
    private static final Map<String, String> DEFAULTS_BASE = with(BASE, "WORKER_INSTANCE_ID", "docs-check-0");

    /** The configuration readers of the jar's commands; each returns a value record (equal when configured alike). */
    private static final Map<String, Function<Map<String, String>, Object>> READERS = Map.of(
            "WorkerConfig", env -> WorkerConfig.fromEnvironment(env, false),
            "ReplayConfig", ReplayConfig::fromEnvironment);

    /** One documented row: its variable (a prefix when written {@code NAME_<X>}) and default cell. */
    record Row(String variable, boolean prefix, String defaultCell, String rangeCell) {
        String literalDefault() {
            String d = defaultCell.strip();
            return d.startsWith("`") && d.endsWith("`") && d.indexOf('`', 1) == d.length() - 1
                    ? d.substring(1, d.length() - 1) : null;
        }

        boolean required() {
            return defaultCell.strip().equals("(required)");
        }
    }

    @Test
    void everyVariableTheCodeReadsIsDocumentedWithItsDefaultAndNothingElseIs() throws IOException {
        Map<String, Row> documented = documentedRows();
        Map<String, Set<String>> readBy = variablesRead(documented.values());
        Map<String, String> logbackDefaults = logbackDefaults();
        logbackDefaults.keySet().forEach(v -> readBy.computeIfAbsent(v, k -> new TreeSet<>()).add("logback.xml"));
        List<String> problems = new ArrayList<>();

        readBy.forEach((variable, readers) -> {
            if (variable.equals(BY_PREFIX)) {
                if (documented.values().stream().noneMatch(Row::prefix)) {
                    problems.add(readers + " read variables by prefix, but docs/configuration.md has no NAME_<X> row");
                }
            } else if (!documented.containsKey(variable)) {
                problems.add(variable + " is read by " + readers + " but has no row in docs/configuration.md");
            }
        });
        for (Row row : documented.values()) {
            if (row.prefix()) {
                checkPrefix(row, problems);
                continue;
            }
            Set<String> readers = readBy.get(row.variable());
            if (readers == null) {
                problems.add(row.variable() + " is documented in docs/configuration.md but no code reads it");
                continue;
            }
            if (row.required()) {
                checkRequired(row, readers, problems);
            }
            checkRange(row, readers, problems);
            String literal = row.literalDefault();
            if (literal == null) {
                continue;
            }
            for (String reader : readers) {
                if (reader.equals("logback.xml")) {
                    String code = logbackDefaults.get(row.variable());
                    if (!literal.equals(code)) {
                        problems.add(row.variable() + ": documented default `" + literal + "`, logback's is `" + code + "`");
                    }
                } else {
                    checkDefault(row.variable(), literal, reader, problems);
                }
            }
        }
        assertThat(problems).as("docs/configuration.md against the code").isEmpty();
    }

    /** Setting the documented default must give the configuration of not setting the variable at all. */
    private static void checkDefault(String variable, String literal, String reader, List<String> problems) {
        Function<Map<String, String>, Object> read = READERS.get(reader);
        Object unset = read.apply(DEFAULTS_BASE);
        try {
            Object set = read.apply(with(DEFAULTS_BASE, variable, literal));
            if (!set.equals(unset)) {
                problems.add(variable + ": the documented default `" + literal + "` is not " + reader + "'s default");
            }
        } catch (InvalidConfigException e) {
            problems.add(variable + ": " + reader + " refuses the documented default `" + literal + "`: " + e.problems());
        }
    }

    /**
     * A whole-number range {@code min..max}, or a duration range such as {@code 10ms..5m} (checked in milliseconds):
     * both ends are accepted, one beyond either end is refused.
     */
    private static void checkRange(Row row, Set<String> readers, List<String> problems) {
        Matcher durations = DURATION_RANGE.matcher(row.rangeCell());
        if (durations.lookingAt()) {
            checkRange(row, readers, problems, millis(durations.group(1), durations.group(2)),
                    millis(durations.group(3), durations.group(4)), "ms");
            return;
        }
        Matcher range = WHOLE_RANGE.matcher(row.rangeCell());
        if (range.lookingAt()) {
            checkRange(row, readers, problems, Long.parseLong(range.group(1)), Long.parseLong(range.group(2)), "");
        }
    }

    private static long millis(String amount, String unit) {
        return Long.parseLong(amount) * switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
    }

    private static void checkRange(Row row, Set<String> readers, List<String> problems, long min, long max, String unit) {
        for (String reader : readers) {
            if (!READERS.containsKey(reader)) {
                continue;
            }
            for (long value : new long[] {min - 1, min, max, max + 1}) {
                if (value < 0 && !unit.isEmpty()) {
                    continue; // a duration cannot be written below zero
                }
                boolean inRange = value >= min && value <= max;
                boolean accepted;
                try {
                    READERS.get(reader).apply(with(DEFAULTS_BASE, row.variable(), value + unit));
                    accepted = true;
                } catch (InvalidConfigException e) {
                    accepted = e.problems().stream().noneMatch(p -> p.startsWith(row.variable()));
                }
                if (accepted != inRange) {
                    problems.add(row.variable() + "=" + value + unit + " is " + (accepted ? "accepted" : "refused") + " by "
                            + reader + ", but the documented range is " + min + unit + ".." + max + unit);
                }
            }
        }
    }

    private static void checkRequired(Row row, Set<String> readers, List<String> problems) {
        Map<String, String> without = new HashMap<>(DEFAULTS_BASE);
        without.remove(row.variable());
        for (String reader : readers) {
            try {
                READERS.get(reader).apply(without);
                problems.add(row.variable() + " is documented as required, but " + reader + " starts without it");
            } catch (InvalidConfigException e) {
                if (e.problems().stream().noneMatch(p -> p.startsWith(row.variable()))) {
                    problems.add(row.variable() + ": " + reader + " fails without it, but not naming it: " + e.problems());
                }
            }
        }
    }

    /** A documented prefix ({@code KAFKA_CLIENT_<NAME>}) must change what some reader that scans the environment reads. */
    private static void checkPrefix(Row row, List<String> problems) {
        String probe = row.variable() + "DOCS_CHECK_PROBE";
        boolean used = READERS.values().stream().anyMatch(read ->
                !read.apply(with(DEFAULTS_BASE, probe, "1")).equals(read.apply(DEFAULTS_BASE)));
        if (!used) {
            problems.add(row.variable() + "<...> is documented, but no reader takes variables starting with it");
        }
    }

    /**
     * Which reader asks for which variable, over several environments, so that variables read only in some
     * configurations (e.g. LEAVE_GROUP_ON_SHUTDOWN, read only for static members) are found too: the bare
     * minimum, with a static instance id, and with every documented default set.
     */
    private static Map<String, Set<String>> variablesRead(Iterable<Row> rows) {
        Map<String, String> allDefaults = new HashMap<>(DEFAULTS_BASE);
        for (Row row : rows) {
            if (!row.prefix() && row.literalDefault() != null) {
                allDefaults.put(row.variable(), row.literalDefault());
            }
        }
        Map<String, Set<String>> readBy = new TreeMap<>();
        READERS.forEach((name, read) -> {
            for (Map<String, String> values : List.of(BASE, DEFAULTS_BASE, allDefaults)) {
                RecordingEnvironment env = new RecordingEnvironment(values);
                try {
                    read.apply(env);
                } catch (InvalidConfigException e) {
                    // the names asked for before the refusal count all the same
                }
                env.asked().forEach(v -> readBy.computeIfAbsent(v, k -> new TreeSet<>()).add(name));
                if (env.scanned()) {
                    readBy.computeIfAbsent(BY_PREFIX, k -> new TreeSet<>()).add(name);
                }
            }
        });
        assertThat(readBy).as("the readers read nothing: is the recording environment passed through?").isNotEmpty();
        return readBy;
    }

    private static Map<String, Row> documentedRows() {
        MarkdownTable table = MarkdownTable.of(DocPages.read(PAGE), "variable", "default");
        assertThat(table.rows()).as("the variable tables of " + PAGE).isNotEmpty();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (List<String> cells : table.rows()) {
            String name = MarkdownTable.code(cells.getFirst());
            assertThat(name).as("a row's first cell names one `VARIABLE`: " + cells).isNotNull();
            assertThat(cells).as("a row has a default cell: " + cells).hasSizeGreaterThan(1);
            boolean prefix = name.endsWith(">") && name.contains("_<");
            String variable = prefix ? name.substring(0, name.indexOf('<')) : name;
            assertThat(variable).as("variable names in docs/configuration.md").matches("[A-Z][A-Z0-9_]*");
            Row previous = rows.put(variable, new Row(variable, prefix, cells.get(1), cells.size() > 2 ? cells.get(2) : ""));
            assertThat(previous).as(variable + " has two rows").isNull();
        }
        return rows;
    }

    /** The {@code ${NAME:-default}} variables of the worker's logback configuration (logback.xml and its includes). */
    private static Map<String, String> logbackDefaults() throws IOException {
        Map<String, String> defaults = new TreeMap<>();
        try (Stream<Path> files = Files.walk(LOGBACK)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Matcher m = LOGBACK_VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    defaults.put(m.group(1), m.group(2));
                }
            }
        }
        return defaults;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }
}
