package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PromQL reading that decides which metrics and labels the dashboard and the alerts depend on. */
class OpsFilesTest {

    @Test
    void findsSeriesNamesButNotFunctionsLabelsOrDurations() {
        assertThat(OpsFiles.metricNames(
                "histogram_quantile(0.99, sum by (le, pod) (rate(trtc_stop_api_call_duration_seconds_bucket{code=~\"OK|x\"}[$__rate_interval])))"))
                .containsExactly("trtc_stop_api_call_duration_seconds_bucket");
        assertThat(OpsFiles.metricNames("sum(increase(trtc_stop_dead_letters_total[15m])) > 10 and on(pod) up == 1"))
                .containsExactly("trtc_stop_dead_letters_total", "up");
        assertThat(OpsFiles.metricNames("count by (instance_id) (max_over_time(trtc_stop_worker_info[5m])) > 1e3"))
                .containsExactly("trtc_stop_worker_info");
        assertThat(OpsFiles.metricNames("a_total / ignoring(code) group_left b_total offset 5m"))
                .containsExactly("a_total", "b_total");
        assertThat(OpsFiles.metricNames("absent(x_info{group=\"a,b}\"}) or vector(0) > NaN"))
                .containsExactly("x_info");
    }

    @Test
    void findsMatcherLabelsAndWhatEachGroupingAppliesTo() {
        PromQuery q = PromQuery.parse("sum by (kind, code) (increase(dead_total{kind=\"A\", code=~\"x,y\"}[5m]))"
                + " / on (pod) group_left sum(rate(calls_total[1m])) by (pod)");
        assertThat(q.selectors()).containsExactly(new PromQuery.Selector("dead_total", Set.of("kind", "code")),
                new PromQuery.Selector("calls_total", Set.of()));
        assertThat(q.groupings()).containsExactly(
                new PromQuery.Grouping("by", Set.of("kind", "code"), Set.of("dead_total")),
                new PromQuery.Grouping("on", Set.of("pod"), Set.of("calls_total", "dead_total")),
                new PromQuery.Grouping("by", Set.of("pod"), Set.of("calls_total")));
    }

    @Test
    void aQueryOfAMetricOrLabelNotExportedIsAProblem() {
        ExportedSeries exported = new ExportedSeries(Map.of("calls_seconds_count", Set.of("code"),
                "calls_seconds_bucket", Set.of("code", "le")), Set.of("pod", "job", "instance")).with("up", "job");
        assertThat(exported.problems("ok", "histogram_quantile(0.9, sum by (le, pod) (rate(calls_seconds_bucket[5m])))",
                "{{pod}}")).isEmpty();
        assertThat(exported.problems("ok", "up{job=\"w\"} == 0", "$labels.instance")).isEmpty();
        assertThat(exported.problems("a", "rate(calls_total[5m])", "")).singleElement().asString()
                .contains("metric calls_total is not exported");
        assertThat(exported.problems("a", "rate(calls_seconds_count{status=\"OK\"}[5m])", "")).singleElement()
                .asString().contains("calls_seconds_count has no label status");
        assertThat(exported.problems("a", "sum by (status) (rate(calls_seconds_count[5m]))", "")).singleElement()
                .asString().contains("by (status)");
        assertThat(exported.problems("a", "sum by (le) (rate(calls_seconds_count[5m]))", "")).singleElement()
                .asString().contains("by (le)");
        assertThat(exported.problems("a", "sum(rate(calls_seconds_count[5m]))", "{{ status }}")).singleElement()
                .asString().contains("shows label status");
        assertThat(exported.problems("a", "calls_seconds_count > 0", "summary: $labels.node is down")).singleElement()
                .asString().contains("shows label node");
    }
}
