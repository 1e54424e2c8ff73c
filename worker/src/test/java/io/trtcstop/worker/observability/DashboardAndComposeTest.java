package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard loads as Grafana needs it (which metrics it reads is ObservabilityIT's part), and the
 * compose stack refers to the images Jib builds and to files that exist.
 */
class DashboardAndComposeTest {

    @Test
    void theDashboardIsAProvisionableGrafanaDashboard() throws IOException {
        JsonNode dashboard = OpsFiles.json(OpsFiles.DASHBOARD);
        assertThat(dashboard.get("uid").asString()).isEqualTo("trtc-stop-worker");
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.has("id")).as("no database id in a provisioned file").isFalse();
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asString();
            assertThat(ids.add(panel.get("id").asInt())).as("unique id for " + title).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as(title).isLessThanOrEqualTo(24);
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.get("type").asString()).as(title).isIn("timeseries", "stat");
            assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo("${datasource}");
            assertThat(panel.get("targets").size()).as(title).isPositive();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("expr").asString()).as(title).isNotBlank();
                assertThat(OpsFiles.metricNames(target.get("expr").asString())).as(title).isNotEmpty();
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(15);
    }

    @Test
    void composeRunsTheJibImagesAndMountsFilesThatExist() throws IOException {
        JsonNode compose = OpsFiles.yamlDocuments(Path.of("..", "docker-compose.yml")).getFirst().get("services");
        String version = projectVersion();
        assertThat(compose.get("worker").get("image").asString()).isEqualTo("trtc-stop-worker:" + version);
        assertThat(compose.get("emulator").get("image").asString()).isEqualTo("trtc-emulator:" + version);
        assertThat(compose.get("worker").has("build")).isFalse();
        assertThat(compose.get("topics").get("command").get(0).asString()).as("topics the worker and dlq replay need")
                .contains("transcription.stop:", "transcription.stop.outcome:", "transcription.stop.dlq:",
                        "transcription.stop.dlq.replayed", "cleanup.policy=compact");
        for (String service : new String[] {"prometheus", "grafana", "samples"}) {
            for (JsonNode volume : compose.get(service).get("volumes")) {
                Path source = Path.of("..", volume.asString().split(":")[0]);
                assertThat(source).as(service + " mounts " + source).exists();
            }
        }
        // The emulator's /admin, Grafana's anonymous access and the ops port are for this machine only.
        compose.properties().forEach(service -> service.getValue().path("ports").forEach(port ->
                assertThat(port.asString()).as(service.getKey() + " publishes " + port).startsWith("127.0.0.1:")));
        assertThat(compose.get("emulator").get("ports")).isNotEmpty();
        assertThat(compose.get("worker").get("stop_grace_period").asString()).isEqualTo("130s");
        assertThat(compose.get("prometheus").get("command").get(0).asString())
                .endsWith("/" + OpsFiles.OPS.resolve("prometheus/prometheus-compose.yml").getFileName());
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int parent = pom.indexOf("<parent>");
        int start = pom.indexOf("<version>", parent) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
