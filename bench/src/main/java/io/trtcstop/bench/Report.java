package io.trtcstop.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The results as a table for people and as JSON for machines. */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Report() {
    }

    static void printScenario(ScenarioResult r, PrintStream out) {
        out.println();
        out.printf("== %s: %s  [%s, %.0f s]%n", r.name(), r.description(), r.status(), r.seconds());
        for (ScenarioResult.Metric m : r.metrics()) {
            String value = ScenarioResult.format(m.value()) + (m.unit().isEmpty() ? "" : " " + m.unit());
            String target = m.target() == null ? "" : "target " + m.target() + (m.met() ? "  ok" : "  MISSED");
            out.printf("   %-52s %24s   %s%n", m.name(), value, target);
        }
        for (String note : r.notes()) {
            out.println("   note: " + note);
        }
    }

    static void printSummary(List<ScenarioResult> results, PrintStream out) {
        out.println();
        out.println("== summary");
        for (ScenarioResult r : results) {
            long targets = r.metrics().stream().filter(m -> m.met() != null).count();
            long met = r.metrics().stream().filter(m -> Boolean.TRUE.equals(m.met())).count();
            out.printf("   %-14s %-10s %3.0f s   targets met %d/%d%n", r.name(), r.status(), r.seconds(), met, targets);
        }
    }

    static void writeJson(Path file, Map<String, Object> machine, Map<String, Object> settings,
                          List<ScenarioResult> results) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("settings", settings);
        doc.put("scenarios", results.stream().map(Report::scenario).toList());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(doc) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, Object> scenario(ScenarioResult r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", r.name());
        s.put("description", r.description());
        s.put("status", r.status().name());
        s.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (ScenarioResult.Metric m : r.metrics()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", m.value());
            v.put("unit", m.unit());
            if (m.target() != null) {
                v.put("target", m.target());
                v.put("met", m.met());
            }
            metrics.put(m.name(), v);
        }
        s.put("metrics", metrics);
        s.put("notes", r.notes());
        return s;
    }
}
