package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.kafka.StopWorker;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ops/kubernetes rendered as kustomize renders it (each kustomization, and the tools' Job), against the
 * Kubernetes and KEDA schemas, and the manifests' agreement with the worker: identity, shutdown time,
 * credentials, what is applied and what only is an example.
 */
class OpsManifestsTest {

    private static final ManifestSchemas SCHEMAS = new ManifestSchemas();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DLQ_JOB = OpsFiles.KUBERNETES.resolve("dlq/dlq-job.yaml");

    static Map<String, JsonNode> byKind(Path kustomization) throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode doc : Kustomize.render(kustomization)) {
            String key = doc.get("kind").asString();
            if (byKind.containsKey(key)) {
                key += "/" + doc.get("metadata").get("name").asString();
            }
            byKind.put(key, doc);
        }
        return byKind;
    }

    static JsonNode pod(Map<String, JsonNode> manifests) {
        return manifests.get("StatefulSet").get("spec").get("template").get("spec");
    }

    @Test
    void everyRenderingAndTheExamplesAreValidAgainstTheirSchemas() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path k : OpsFiles.KUSTOMIZATIONS) {
            for (JsonNode doc : Kustomize.render(k)) {
                checked++;
                SCHEMAS.violations(doc).forEach(v -> problems.add(k + " " + doc.get("kind").asString() + " " + v));
            }
        }
        for (Path example : List.of(DLQ_JOB, OpsFiles.KUBERNETES.resolve("secret.example.yaml"))) {
            for (JsonNode doc : OpsFiles.yamlDocuments(example)) {
                checked++;
                SCHEMAS.violations(doc).forEach(v -> problems.add(example.getFileName() + " " + v));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isEqualTo(7 + 6 + 1 + 10 + 7 + 2);
    }

    @Test
    void theRenderingIsKubectlsWhereKubectlIsInstalled() throws Exception {
        for (Path k : OpsFiles.KUSTOMIZATIONS) {
            Optional<List<JsonNode>> kubectl = Kustomize.kubectl(k);
            if (kubectl.isEmpty()) {
                return; // CI machines without kubectl rely on the renderer's own tests
            }
            assertThat(new HashSet<>(Kustomize.render(k))).as(k.toString()).isEqualTo(new HashSet<>(kubectl.get()));
        }
    }

    @Test
    void theSchemasCatchMistakes() throws IOException {
        Map<String, JsonNode> manifests = byKind(OpsFiles.KUBERNETES);
        String text = JSON.writeValueAsString(manifests.get("StatefulSet"));
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"terminationGracePeriodSeconds\"",
                "\"terminationGracePeriod\"")))).as("unknown field").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"512Mi\"", "\"512MB\""))))
                .as("bad quantity").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"apps/v1\"", "\"apps/v1beta1\""))))
                .as("wrong apiVersion").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(text.replace("\"containerPort\":8080", "\"containerPort\":\"8080\""))))
                .as("wrong type").isNotEmpty();
        String scaled = JSON.writeValueAsString(manifests.get("ScaledObject"));
        assertThat(SCHEMAS.violations(JSON.readTree(scaled.replace("\"lagThreshold\"", "\"lagTreshold\""))))
                .as("unknown kafka scaler setting").isNotEmpty();
        assertThat(SCHEMAS.violations(JSON.readTree(scaled.replace("\"maxReplicaCount\":3", "\"maxReplicaCount\":\"3\""))))
                .as("wrong type").isNotEmpty();
        String pdb = JSON.writeValueAsString(manifests.get("PodDisruptionBudget"));
        assertThat(SCHEMAS.violations(JSON.readTree(pdb.replace("\"unhealthyPodEvictionPolicy\"", "\"unhealthyPodEviction\""))))
                .as("unknown PDB field").isNotEmpty();
    }

    @Test
    void theBaseListsEveryFileInItsFolderAndNoKustomizationAppliesASecretKey() throws IOException {
        Path base = OpsFiles.KUBERNETES.resolve("base");
        List<String> listed = new ArrayList<>();
        OpsFiles.yamlDocuments(base.resolve("kustomization.yaml")).getFirst().get("resources")
                .forEach(r -> listed.add(r.asString()));
        try (var files = Files.list(base)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(p -> p.getFileName().toString())
                    .filter(f -> !f.equals("kustomization.yaml")).toList());
        }
        List<Path> kustomizations;
        try (var files = Files.walk(OpsFiles.KUBERNETES)) {
            kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(5);
        for (Path k : kustomizations) {
            JsonNode kustomization = OpsFiles.yamlDocuments(k).getFirst();
            assertThat(kustomization.path("resources").toString()).as(k + " lists the example Secret")
                    .doesNotContain("secret.example");
            if (k.getParent().endsWith("dev")) {
                continue; // its one Secret is the emulator's example key, below
            }
            assertThat(Kustomize.render(k.getParent())).as(k + " applies no Secret: it would overwrite a real key")
                    .noneMatch(m -> m.get("kind").asString().equals("Secret"));
        }
        // The dev overlay's one Secret is the emulator's example key, in its own namespace, under its own name.
        List<JsonNode> devSecrets = Kustomize.render(OpsFiles.KUBERNETES.resolve("overlays/dev")).stream()
                .filter(m -> m.get("kind").asString().equals("Secret")).toList();
        assertThat(devSecrets).singleElement().satisfies(s -> {
            assertThat(s.get("metadata").get("name").asString()).isEqualTo("trtc-emulator-keys");
            assertThat(s.get("metadata").get("namespace").asString()).isEqualTo("trtc-stop-worker-dev");
        });
    }

    @Test
    void anAutoscaledGroupIsSmallAndTheStatefulSetLeavesItsSizeToTheAutoscaler() throws IOException {
        Matcher m = Pattern.compile("--topic transcription\\.stop\\s+--partitions (\\d+)")
                .matcher(Files.readString(OpsFiles.OPS.resolve("topics.md")));
        assertThat(m.find()).as("ops/topics.md creates the command topic").isTrue();
        int partitions = Integer.parseInt(m.group(1));
        for (Path k : OpsFiles.KUSTOMIZATIONS) {
            Map<String, JsonNode> manifests = byKind(k);
            if (manifests.containsKey("StatefulSet")) {
                assertThat(manifests.get("StatefulSet").get("spec").has("replicas"))
                        .as(k + ": a replicas field resets the autoscaler's count on every apply").isFalse();
            }
        }
        Map<String, JsonNode> manifests = byKind(OpsFiles.KUBERNETES);
        JsonNode spec = manifests.get("ScaledObject").get("spec");
        // One 20 calls/s quota for the whole group: more pods do not drain faster (docs/deployment.md).
        assertThat(spec.get("minReplicaCount").asInt()).isEqualTo(2);
        assertThat(spec.get("maxReplicaCount").asInt()).isEqualTo(3).isLessThanOrEqualTo(partitions);
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
        assertThat(byKind(OpsFiles.KUBERNETES.resolve("overlays/dev"))).doesNotContainKey("ScaledObject");
    }

    @Test
    void theGraceCoversTheWorstCaseStopAndDrainsAreNeverBlocked() throws Exception {
        Map<String, JsonNode> manifests = byKind(OpsFiles.KUBERNETES);
        JsonNode pod = pod(manifests);
        Duration grace = Duration.parse("PT" + manifests.get("ConfigMap").get("data").get("SHUTDOWN_GRACE").asString()
                .toUpperCase());
        // StopWorker: the grace, then ABANDON_WAIT; OutcomeTransactions: the last commit, sendOffsetsToTransaction
        // plus SAME_CALL_RETRIES commitTransaction calls, each bounded by max.block.ms (10 s, KafkaClients);
        // then the consumer's close (its default 30 s) and the producer's (10 s).
        Duration abandon = (Duration) constant(StopWorker.class, "ABANDON_WAIT");
        int commitCalls = 1 + (int) constant(Class.forName("io.trtcstop.worker.kafka.OutcomeTransactions"),
                "SAME_CALL_RETRIES");
        Duration worst = grace.plus(abandon).plus(Duration.ofSeconds(10L * commitCalls)).plus(Duration.ofSeconds(30 + 10));
        assertThat(worst).isEqualTo(Duration.ofSeconds(125));
        assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThanOrEqualTo(worst.toSeconds());

        JsonNode pdb = manifests.get("PodDisruptionBudget").get("spec");
        assertThat(pdb.get("selector")).isEqualTo(manifests.get("StatefulSet").get("spec").get("selector"));
        // With Kafka down no pod is ready; a budget counting them would refuse every eviction.
        assertThat(pdb.get("unhealthyPodEvictionPolicy").asString()).isEqualTo("AlwaysAllow");
        JsonNode antiAffinity = pod.get("affinity").get("podAntiAffinity")
                .get("preferredDuringSchedulingIgnoredDuringExecution").get(0).get("podAffinityTerm");
        assertThat(antiAffinity.get("topologyKey").asString()).isEqualTo("kubernetes.io/hostname");
        assertThat(antiAffinity.get("labelSelector").get("matchLabels"))
                .isEqualTo(manifests.get("StatefulSet").get("spec").get("selector").get("matchLabels"));
    }

    @Test
    void eachPodHasItsOwnStableIdentityAndProbes() throws IOException {
        JsonNode pod = pod(byKind(OpsFiles.KUBERNETES));
        JsonNode container = pod.get("containers").get(0);
        assertThat(env(container, "WORKER_INSTANCE_ID").get("valueFrom").get("fieldRef").get("fieldPath").asString())
                .isEqualTo("metadata.name");
        assertThat(container.get("livenessProbe").get("httpGet").get("path").asString()).isEqualTo("/health/live");
        assertThat(container.get("readinessProbe").get("httpGet").get("path").asString()).isEqualTo("/health/ready");
        assertThat(pod.get("securityContext").get("runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void credentialsComeFromMountedFilesOrTkeOidcAndThePodHasNoApiToken() throws IOException {
        Map<String, JsonNode> base = byKind(OpsFiles.KUBERNETES);
        JsonNode pod = pod(base);
        assertThat(base.get("ServiceAccount").get("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(pod.get("serviceAccountName").asString())
                .isEqualTo(base.get("ServiceAccount").get("metadata").get("name").asString());
        assertThat(pod.get("automountServiceAccountToken").asBoolean()).isFalse();
        JsonNode config = base.get("ConfigMap").get("data");
        assertThat(config.get("TENCENTCLOUD_CREDENTIALS_SOURCE").asString()).isEqualTo("files");
        assertThat(config.has("TENCENTCLOUD_SECRET_ID") || config.has("TENCENTCLOUD_SECRET_KEY")).isFalse();
        JsonNode container = pod.get("containers").get(0);
        assertThat(container.toString()).doesNotContain("secretRef", "secretKeyRef");
        assertThat(mountOf(pod, container, "secret").get("mountPath").asString())
                .isEqualTo(config.get("TENCENTCLOUD_CREDENTIALS_DIR").asString());
        JsonNode example = OpsFiles.yamlDocuments(OpsFiles.KUBERNETES.resolve("secret.example.yaml")).getFirst();
        assertThat(volume(pod, "secret").get("secret").get("secretName").asString())
                .isEqualTo(example.get("metadata").get("name").asString());
        assertThat(example.get("stringData").propertyNames()).contains("secret_id", "secret_key");

        Map<String, JsonNode> prod = byKind(OpsFiles.KUBERNETES.resolve("overlays/prod"));
        JsonNode prodPod = pod(prod);
        JsonNode prodConfig = prod.get("ConfigMap").get("data");
        assertThat(prodConfig.get("TENCENTCLOUD_CREDENTIALS_SOURCE").asString()).isEqualTo("tke-oidc");
        assertThat(prodConfig.has("TENCENTCLOUD_CREDENTIALS_DIR")).isFalse();
        assertThat(prodConfig.propertyNames()).contains("TKE_REGION", "TKE_PROVIDER_ID", "TKE_ROLE_ARN",
                "TKE_WEB_IDENTITY_TOKEN_FILE");
        JsonNode token = volume(prodPod, "projected").get("projected").get("sources").get(0).get("serviceAccountToken");
        JsonNode mount = mountOf(prodPod, prodPod.get("containers").get(0), "projected");
        assertThat(prodConfig.get("TKE_WEB_IDENTITY_TOKEN_FILE").asString())
                .isEqualTo(mount.get("mountPath").asString() + "/" + token.get("path").asString());
        assertThat(token.get("audience").asString()).as("an STS token, useless against the API server").isNotBlank();
        assertThat(prodPod.get("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(prodPod.get("containers").get(0).get("image").asString()).contains("/trtc-stop-worker");

        JsonNode devConfig = byKind(OpsFiles.KUBERNETES.resolve("overlays/dev")).get("ConfigMap").get("data");
        assertThat(devConfig.get("TRTC_ENDPOINT").asString()).isEqualTo("http://trtc-emulator:8089");
    }

    @Test
    void theDlqJobRunsTheWorkersImageEntryPointWithTheWorkersSettings() throws Exception {
        JsonNode job = OpsFiles.yamlDocuments(DLQ_JOB).getFirst();
        JsonNode pod = job.get("spec").get("template").get("spec");
        JsonNode container = pod.get("containers").get(0);
        JsonNode worker = pod(byKind(OpsFiles.KUBERNETES));
        assertThat(container.get("image").asString()).isEqualTo(
                OpsFiles.yamlDocuments(OpsFiles.KUBERNETES.resolve("base/statefulset.yaml")).getFirst().get("spec")
                        .get("template").get("spec").get("containers").get(0).get("image").asString());
        assertThat(container.has("command")).as("the image's own entry point").isFalse();
        assertThat(container.get("envFrom")).isEqualTo(worker.get("containers").get(0).get("envFrom"));
        assertThat(pod.get("restartPolicy").asString()).isEqualTo("Never");
        assertThat(pod.get("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(job.get("metadata").get("labels").get("app.kubernetes.io/name").asString())
                .as("not a worker: not in the Service, the PDB or the NetworkPolicy").isNotEqualTo("trtc-stop-worker");

        // run-dlq.sh puts the operator's arguments in, quoted, whatever they contain.
        ProcessBuilder run = new ProcessBuilder("bash", OpsFiles.KUBERNETES.resolve("dlq/run-dlq.sh").toString(),
                "replay", "--task-id", "it's&a|b", "--dry-run").redirectErrorStream(true);
        run.environment().putAll(Map.of("PRINT_ONLY", "1", "NAMESPACE", "trtc", "IMAGE", "registry.example.com/w:1"));
        Process rendered = run.start();
        String yaml = new String(rendered.getInputStream().readAllBytes());
        assertThat(rendered.waitFor()).as(yaml).isZero();
        Path file = Files.createTempFile("dlq-job", ".yaml");
        Files.writeString(file, yaml);
        JsonNode created = OpsFiles.yamlDocuments(file).getFirst();
        Files.delete(file);
        JsonNode c = created.get("spec").get("template").get("spec").get("containers").get(0);
        assertThat(c.get("args").toString()).isEqualTo("[\"dlq\",\"replay\",\"--task-id\",\"it's&a|b\",\"--dry-run\"]");
        assertThat(c.get("image").asString()).isEqualTo("registry.example.com/w:1");
        assertThat(SCHEMAS.violations(created)).isEmpty();
    }

    private static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asString().equals(name)) {
                return env;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static JsonNode volume(JsonNode pod, String type) {
        for (JsonNode v : pod.get("volumes")) {
            if (v.has(type)) {
                return v;
            }
        }
        throw new AssertionError("no " + type + " volume");
    }

    private static JsonNode mountOf(JsonNode pod, JsonNode container, String type) {
        String name = volume(pod, type).get("name").asString();
        for (JsonNode m : container.get("volumeMounts")) {
            if (m.get("name").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("volume " + name + " is not mounted");
    }
}
