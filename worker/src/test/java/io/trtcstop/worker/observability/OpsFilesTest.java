package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading that decides which metrics the dashboard and the alerts depend on. */
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
    }
}
