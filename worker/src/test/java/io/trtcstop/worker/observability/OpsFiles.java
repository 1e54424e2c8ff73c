package io.trtcstop.worker.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    /** The kustomizations under ops/kubernetes: the default, its two parts and the overlays. */
    public static final List<Path> KUSTOMIZATIONS = List.of(KUBERNETES, KUBERNETES.resolve("base"),
            KUBERNETES.resolve("autoscaling"), KUBERNETES.resolve("overlays/dev"), KUBERNETES.resolve("overlays/prod"));

    /** Every YAML file under ops/kubernetes, kustomizations and examples included. */
    public static List<Path> kubernetesFiles() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** One PromQL query in ops/: where it is, the expression, and the text that names its result's labels. */
    public record OpsQuery(String where, String expr, String resultLabels) {}

    /** Every query of the dashboard's panels (with their legends) and of the alert rules (with their annotations). */
    public static List<OpsQuery> queries() throws IOException {
        List<OpsQuery> queries = new ArrayList<>();
        for (JsonNode panel : json(DASHBOARD).get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new OpsQuery("panel '" + panel.get("title").asString() + "'", target.get("expr").asString(),
                        target.path("legendFormat").asString("")));
            }
        }
        for (JsonNode group : yamlDocuments(ALERTS).getFirst().get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                StringBuilder shown = new StringBuilder();
                rule.path("annotations").forEach(a -> shown.append(a.asString()).append('\n'));
                queries.add(new OpsQuery("alert " + rule.get("alert").asString(), rule.get("expr").asString(),
                        shown.toString()));
            }
        }
        return queries;
    }

    /**
     * The labels Prometheus adds to every series it scrapes from the worker: {@code job} and {@code instance},
     * and each {@code target_label} or static label of the compose and Kubernetes scrape configurations.
     */
    public static Set<String> targetLabels() throws IOException {
        Set<String> labels = new TreeSet<>(Set.of("job", "instance"));
        for (String config : List.of("prometheus-compose.yml", "prometheus-kubernetes.yml")) {
            for (JsonNode job : yamlDocuments(OPS.resolve("prometheus").resolve(config)).getFirst().get("scrape_configs")) {
                job.path("relabel_configs").forEach(r -> {
                    if (r.has("target_label") && !r.get("target_label").asString().startsWith("__")) {
                        labels.add(r.get("target_label").asString());
                    }
                });
                job.path("static_configs").forEach(c -> c.path("labels").propertyNames().forEach(labels::add));
            }
        }
        return labels;
    }

    /** The metric (series) names a PromQL expression reads: not functions, labels, keywords or durations. */
    public static Set<String> metricNames(String promql) {
        return PromQuery.parse(promql).metrics();
    }
}
