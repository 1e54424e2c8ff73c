package io.trtcstop.worker.observability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series a scrape showed (metric name and the label names seen on it) plus the labels Prometheus adds to
 * every target, and the check that a query reads only those: each selected metric exists, each label a matcher,
 * a grouping or a legend/annotation names exists on the metrics it applies to. A query that reads a renamed
 * metric or label matches nothing in Prometheus and shows an empty panel or an alert that can never fire; this
 * finds it before a deploy.
 */
public final class ExportedSeries {

    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    private static final Pattern ANNOTATION_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

    private final Map<String, Set<String>> labelsByMetric = new HashMap<>();
    private final Set<String> targetLabels;

    /**
     * @param labelsByMetric the label names seen on each metric
     * @param targetLabels   labels the scrape configuration adds to every series (job, instance, pod...)
     */
    public ExportedSeries(Map<String, Set<String>> labelsByMetric, Set<String> targetLabels) {
        labelsByMetric.forEach((metric, labels) -> this.labelsByMetric.put(metric, new HashSet<>(labels)));
        this.targetLabels = Set.copyOf(targetLabels);
    }

    /** Adds a metric that another exporter (Prometheus itself: {@code up}) or another branch provides. */
    public ExportedSeries with(String metric, String... labels) {
        labelsByMetric.computeIfAbsent(metric, m -> new HashSet<>()).addAll(List.of(labels));
        return this;
    }

    /**
     * What is wrong with one query, one line per problem; empty when it reads only what exists.
     *
     * @param where        the panel or alert, for the message
     * @param promql       the expression
     * @param resultLabels text that names result labels: a Grafana legend ({{pod}}), alert annotations ($labels.pod)
     */
    public List<String> problems(String where, String promql, String resultLabels) {
        List<String> problems = new ArrayList<>();
        PromQuery query = PromQuery.parse(promql);
        Set<String> all = new TreeSet<>(targetLabels);
        for (PromQuery.Selector selector : query.selectors()) {
            Set<String> labels = labelsByMetric.get(selector.metric());
            if (labels == null) {
                problems.add(where + ": metric " + selector.metric() + " is not exported (" + promql + ")");
                continue;
            }
            all.addAll(labels);
            for (String label : selector.labels()) {
                if (!labels.contains(label) && !targetLabels.contains(label) && !label.equals("__name__")) {
                    problems.add(where + ": " + selector.metric() + " has no label " + label + " (" + promql + ")");
                }
            }
        }
        for (PromQuery.Grouping grouping : query.groupings()) {
            Set<String> available = new HashSet<>(targetLabels);
            grouping.metrics().forEach(m -> available.addAll(labelsByMetric.getOrDefault(m, Set.of())));
            for (String label : grouping.labels()) {
                if (!available.contains(label)) {
                    problems.add(where + ": " + grouping.keyword() + " (" + label + "): no label " + label + " on "
                            + grouping.metrics() + " (" + promql + ")");
                }
            }
        }
        for (Pattern p : List.of(LEGEND_LABEL, ANNOTATION_LABEL)) {
            Matcher m = p.matcher(resultLabels == null ? "" : resultLabels);
            while (m.find()) {
                if (!all.contains(m.group(1))) {
                    problems.add(where + ": shows label " + m.group(1) + ", which " + query.metrics()
                            + " do not have (" + promql + ")");
                }
            }
        }
        return problems;
    }
}
