package io.trtcstop.worker.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The files under {@code ops/} that tests check, and the metric names their PromQL expressions use. */
public final class OpsFiles {

    /** Tests run in the module folder; ops/ is beside it. */
    public static final Path OPS = Path.of("..", "ops");
    public static final Path DASHBOARD = OPS.resolve("grafana/dashboards/trtc-stop-worker.json");
    public static final Path ALERTS = OPS.resolve("prometheus/alerts.yml");
    public static final Path KUBERNETES = OPS.resolve("kubernetes");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private OpsFiles() {
    }

    public static JsonNode json(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** Every YAML document in {@code file} (a manifest may hold several, separated by ---). */
    public static List<JsonNode> yamlDocuments(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.createParser(Files.readString(file))) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    public static List<Path> kubernetesManifests() throws IOException {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** Each dashboard panel's title and its query expressions. */
    public static Map<String, List<String>> dashboardQueries() throws IOException {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : json(DASHBOARD).get("panels")) {
            List<String> exprs = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.get("expr").asString());
            }
            queries.put(panel.get("title").asString(), exprs);
        }
        return queries;
    }

    /** Each alert's name and expression. */
    public static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group : yamlDocuments(ALERTS).getFirst().get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.put(rule.get("alert").asString(), rule.get("expr").asString());
            }
        }
        return alerts;
    }

    /** The metric (series) names a PromQL expression reads: not functions, labels, keywords or durations. */
    public static Set<String> metricNames(String promql) {
        String s = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean function = next < s.length() && s.charAt(next) == '(';
            boolean numberPart = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !numberPart && !KEYWORDS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }
}
