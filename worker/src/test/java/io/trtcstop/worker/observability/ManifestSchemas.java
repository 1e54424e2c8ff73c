package io.trtcstop.worker.observability;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas for the Kubernetes objects in {@code ops/}: the API's types as the fabric8 Kubernetes model
 * publishes them (draft-07, {@code schema/validation-schema.json} in each kubernetes-model jar, from Maven
 * Central), and KEDA's ScaledObject from {@code schemas/} in the test resources.
 *
 * <p>fabric8 writes its schemas for Java code generation, so they are made strict the way kubeconform's
 * {@code -strict} is: unknown fields are errors (the API server would drop them silently), property-level
 * {@code "required": true} becomes a proper {@code required} list, {@code apiVersion} and {@code kind} must be
 * the type's own, and IntOrString and Quantity take the forms YAML uses ({@code 1}, {@code "25%"}, {@code 512Mi}).
 */
final class ManifestSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry DRAFT_7 = SchemaRegistry.withDialect(Dialects.getDraft7());
    private static final String QUANTITY =
            "^[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
    private static final List<String> JAVA_ONLY = List.of("javaType", "existingJavaType", "javaInterfaces",
            "javaOmitEmpty", "javaName", "serializer", "deserializer", "interfaceImpls");

    /** Every fabric8 definition, by name (kubernetes_core_Service, kubernetes_policy_v1_PodDisruptionBudget...). */
    private final ObjectNode definitions = JsonNodeFactory.instance.objectNode();
    private final Map<String, Schema> compiled = new HashMap<>();

    ManifestSchemas() {
        try {
            for (URL url : Collections.list(getClass().getClassLoader().getResources("schema/validation-schema.json"))) {
                if (!url.toString().contains("kubernetes-model-")) {
                    continue;
                }
                JsonNode doc;
                try (InputStream in = url.openStream()) {
                    doc = JSON.readTree(in);
                }
                doc.get("definitions").properties().forEach(e -> definitions.set(e.getKey(), e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException("no fabric8 kubernetes-model schema on the test classpath");
        }
        definitions.properties().forEach(e -> strict(e.getValue()));
        definitions.set("kubernetes_apimachinery_pkg_util_intstr_IntOrString",
                JSON.readTree("{\"type\":[\"integer\",\"string\"]}"));
        definitions.set("k8s_io_apimachinery_pkg_api_resource_Quantity",
                JsonNodeFactory.instance.objectNode().<ObjectNode>set("type", JSON.readTree("[\"string\",\"number\"]"))
                        .put("pattern", QUANTITY));
    }

    /** The schema violations of one manifest, as readable lines; empty when it is valid. */
    List<String> violations(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asString("");
        String kind = manifest.path("kind").asString("");
        Schema schema = compiled.computeIfAbsent(apiVersion + "/" + kind, k -> compile(apiVersion, kind));
        if (schema == null) {
            return List.of("$: no such kind in this API version: " + apiVersion + " " + kind);
        }
        List<String> lines = new ArrayList<>();
        for (Error error : schema.validate(manifest)) {
            lines.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return lines;
    }

    private Schema compile(String apiVersion, String kind) {
        if (apiVersion.equals("keda.sh/v1alpha1") && kind.equals("ScaledObject")) {
            try (InputStream in = getClass().getResourceAsStream("/schemas/keda-scaledobject-v1alpha1.schema.json")) {
                return DRAFT_7.getSchema(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The definition of this kind whose apiVersion is this one (policy/v1 and policy/v1beta1 both have PDBs).
        String definition = null;
        for (var e : definitions.properties()) {
            if (e.getKey().endsWith("_" + kind)
                    && e.getValue().path("properties").path("apiVersion").path("const").asString("").equals(apiVersion)) {
                definition = e.getKey();
            }
        }
        if (definition == null) {
            return null;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("$ref", "#/definitions/" + definition);
        root.set("definitions", definitions);
        return DRAFT_7.getSchema(root);
    }

    /** Makes one fabric8 schema node (and everything under it) strict; see the class comment. */
    private static void strict(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(ManifestSchemas::strict);
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        JAVA_ONLY.forEach(object::remove);
        JsonNode properties = object.get("properties");
        if (properties instanceof ObjectNode props) {
            ArrayNode required = JsonNodeFactory.instance.arrayNode();
            props.properties().forEach(e -> {
                if (e.getValue() instanceof ObjectNode p) {
                    if (p.path("required").isBoolean()) {
                        if (p.get("required").asBoolean()) {
                            required.add(e.getKey());
                        }
                        p.remove("required");
                    }
                    if ((e.getKey().equals("apiVersion") || e.getKey().equals("kind")) && p.has("default")) {
                        p.set("const", p.get("default"));
                    }
                }
            });
            if (!required.isEmpty()) {
                object.set("required", required);
            }
            if (!object.path("additionalProperties").isObject()) {
                object.put("additionalProperties", false);
            }
        }
        object.properties().forEach(e -> strict(e.getValue()));
    }
}
