package io.trtcstop.worker.observability;

import static io.trtcstop.worker.observability.OpsManifestsTest.byKind;
import static io.trtcstop.worker.observability.OpsManifestsTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The ops port has no authentication: the NetworkPolicy admits Prometheus, in its own namespace, and nothing else. */
class NetworkPolicyTest {

    @Test
    void onlyPrometheusReachesTheOpsPort() throws IOException {
        Map<String, JsonNode> manifests = byKind(OpsFiles.KUBERNETES);
        JsonNode policy = manifests.get("NetworkPolicy").get("spec");
        assertThat(policy.get("podSelector").get("matchLabels"))
                .isEqualTo(manifests.get("StatefulSet").get("spec").get("selector").get("matchLabels"));
        assertThat(policy.get("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        assertThat(policy.get("ingress")).hasSize(1);
        JsonNode rule = policy.get("ingress").get(0);
        assertThat(rule.get("from")).singleElement().satisfies(from -> {
            assertThat(from.get("podSelector").get("matchLabels").get("app.kubernetes.io/name").asString())
                    .isEqualTo("prometheus");
            assertThat(from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asString())
                    .as("one namespace: anyone may label a pod prometheus in a namespace of their own").isNotBlank();
            assertThat(from.has("ipBlock")).isFalse();
        });
        assertThat(Files.readString(OpsFiles.KUBERNETES.resolve("base/networkpolicy.yaml")))
                .as("the policy says what to adapt and what it means for kubelet probes").contains("ADAPT", "Kubelet probes");
        JsonNode port = pod(manifests).get("containers").get(0).get("ports").get(0);
        assertThat(rule.get("ports")).singleElement().satisfies(p ->
                assertThat(p.get("port").asString()).isEqualTo(port.get("name").asString()));
    }
}
