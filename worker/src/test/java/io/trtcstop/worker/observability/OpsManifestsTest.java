package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ops/kubernetes against the Kubernetes and KEDA schemas, and the manifests' agreement with the worker. */
class OpsManifestsTest {

    private static final ManifestSchemas SCHEMAS = new ManifestSchemas();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, JsonNode> manifestsByKind() throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (Path file : OpsFiles.kubernetesManifests()) {
            for (JsonNode doc : OpsFiles.yamlDocuments(file)) {
                assertThat(byKind.put(doc.get("kind").asString(), doc)).as("one " + doc.get("kind")).isNull();
            }
        }
        return byKind;
    }

    @Test
    void everyManifestIsValidAgainstItsSchema() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : OpsFiles.kubernetesManifests()) {
            for (JsonNode doc : OpsFiles.yamlDocuments(file)) {
                if (doc.path("kind").asString().equals("Kustomization")) {
                    continue; // kustomize's own file, checked below
                }
                checked++;
                SCHEMAS.violations(doc).forEach(v -> problems.add(file.getFileName() + " " + v));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void theSchemasCatchMistakes() throws IOException {
        JsonNode statefulSet = manifestsByKind().get("StatefulSet");
        String text = JSON.writeValueAsString(statefulSet);
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"terminationGracePeriodSeconds\"",
                "\"terminationGracePeriod\"")))).as("unknown field").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"512Mi\"", "\"512MB\""))))
                .as("bad quantity").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"apps/v1\"", "\"apps/v1beta1\""))))
                .as("wrong apiVersion").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"containerPort\":8080", "\"containerPort\":\"8080\""))))
                .as("wrong type").isNotEmpty();
        String scaled = JSON.writeValueAsString(manifestsByKind().get("ScaledObject"));
        assertThat(SCHEMAS.violations(JSON.readTree(scaled.replace("\"lagThreshold\"", "\"lagTreshold\""))))
                .as("unknown kafka scaler setting").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(scaled.replace("\"maxReplicaCount\":6", "\"maxReplicaCount\":\"6\""))))
                .as("wrong type").isNotEmpty();
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = OpsFiles.yamlDocuments(OpsFiles.KUBERNETES.resolve("kustomization.yaml")).getFirst();
        List<String> listed = new ArrayList<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asString()));
        List<String> files = OpsFiles.kubernetesManifests().stream().map(p -> p.getFileName().toString())
                .filter(f -> !f.equals("kustomization.yaml")).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void autoscalingStopsAtTheCommandTopicsPartitionCount() throws IOException {
        Matcher m = Pattern.compile("--topic transcription\\.stop\\s+--partitions (\\d+)")
                .matcher(Files.readString(OpsFiles.OPS.resolve("topics.md")));
        assertThat(m.find()).as("ops/topics.md creates the command topic").isTrue();
        int partitions = Integer.parseInt(m.group(1));
        Map<String, JsonNode> manifests = manifestsByKind();
        JsonNode spec = manifests.get("ScaledObject").get("spec");
        assertThat(spec.get("maxReplicaCount").asInt()).isEqualTo(partitions);
        assertThat(spec.get("scaleTargetRef").get("kind").asString()).isEqualTo("StatefulSet");
        assertThat(spec.get("scaleTargetRef").get("name").asString())
                .isEqualTo(manifests.get("StatefulSet").get("metadata").get("name").asString());
        JsonNode trigger = spec.get("triggers").get(0).get("metadata");
        JsonNode config = manifests.get("ConfigMap").get("data");
        assertThat(trigger.get("topic").asString()).isEqualTo(config.get("STOP_TOPIC").asString());
        assertThat(trigger.get("consumerGroup").asString()).isEqualTo(config.get("CONSUMER_GROUP").asString());
        // The instances share the account's quota among themselves: no fixed per-instance rate may override it.
        assertThat(config.has("TRTC_RATE_LIMIT")).isFalse();
        assertThat(Double.parseDouble(config.get("TRTC_ACCOUNT_RATE_LIMIT").asString())).isEqualTo(20);
    }

    @Test
    void theStatefulSetGivesEachPodItsOwnStableIdentityAndTimeToDrain() throws IOException {
        Map<String, JsonNode> manifests = manifestsByKind();
        JsonNode pod = manifests.get("StatefulSet").get("spec").get("template").get("spec");
        JsonNode container = pod.get("containers").get(0);
        JsonNode instanceId = null;
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asString().equals("WORKER_INSTANCE_ID")) {
                instanceId = env;
            }
        }
        assertThat(instanceId).isNotNull();
        assertThat(instanceId.get("valueFrom").get("fieldRef").get("fieldPath").asString()).isEqualTo("metadata.name");

        Duration grace = Duration.parse("PT" + manifests.get("ConfigMap").get("data").get("SHUTDOWN_GRACE").asString()
                .toUpperCase());
        // After the grace period: 5 s to abandon the rest, then the last commit and closing the clients (10 s).
        assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThanOrEqualTo(grace.toSeconds() + 15);
        assertThat(container.get("livenessProbe").get("httpGet").get("path").asString()).isEqualTo("/health/live");
        assertThat(container.get("readinessProbe").get("httpGet").get("path").asString()).isEqualTo("/health/ready");
        assertThat(pod.get("securityContext").get("runAsNonRoot").asBoolean()).isTrue();
        assertThat(manifests.get("PodDisruptionBudget").get("spec").get("selector"))
                .isEqualTo(manifests.get("StatefulSet").get("spec").get("selector"));
    }
}
