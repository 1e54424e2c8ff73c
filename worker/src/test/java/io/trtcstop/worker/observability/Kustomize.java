package io.trtcstop.worker.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features {@code ops/kubernetes} uses
 * and no more: {@code resources} (files, and folders with their own kustomization), {@code namespace},
 * {@code images} ({@code newName}, {@code newTag}, {@code digest}) and {@code patches} with a {@code target}
 * (kind and name) and an inline JSON 6902 patch of {@code add}, {@code replace} and {@code remove}. Anything else
 * in a kustomization is an error, so a feature added to the manifests must be added here (and is then compared
 * with kubectl's rendering where kubectl is installed: {@link #kubectl}).
 */
final class Kustomize {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final List<String> KNOWN = List.of("apiVersion", "kind", "resources", "namespace", "images", "patches");

    private Kustomize() {
    }

    /** The manifests {@code dir}'s kustomization.yaml produces, in the order its resources list them. */
    static List<JsonNode> render(Path dir) throws IOException {
        JsonNode k = OpsFiles.yamlDocuments(dir.resolve("kustomization.yaml")).getFirst();
        k.propertyNames().forEach(field -> {
            if (!KNOWN.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + field + "' is not supported here");
            }
        });
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = dir.resolve(resource.asString()).normalize();
            out.addAll(Files.isDirectory(p) ? render(p) : OpsFiles.yamlDocuments(p));
        }
        for (JsonNode patch : k.path("patches")) {
            String kind = patch.get("target").get("kind").asString();
            String name = patch.get("target").get("name").asString();
            JsonNode ops = YAML.readTree(patch.get("patch").asString());
            List<JsonNode> targets = out.stream().filter(m -> m.get("kind").asString().equals(kind)
                    && m.get("metadata").get("name").asString().equals(name)).toList();
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(dir + ": no " + kind + " " + name + " to patch");
            }
            targets.forEach(t -> ops.forEach(op -> apply((ObjectNode) t, op)));
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(m -> setImage(m, image));
        }
        if (k.has("namespace")) {
            out.forEach(m -> ((ObjectNode) m.get("metadata")).put("namespace", k.get("namespace").asString()));
        }
        return out;
    }

    /** {@code kubectl kustomize dir}, parsed, if kubectl is installed; empty otherwise. */
    static Optional<List<JsonNode>> kubectl(Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + text);
        }
        Path file = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.writeString(file, text);
            return Optional.of(OpsFiles.yamlDocuments(file));
        } finally {
            Files.delete(file);
        }
    }

    private static void apply(ObjectNode target, JsonNode op) {
        String path = op.get("path").asString();
        int slash = path.lastIndexOf('/');
        JsonNode parent = target.at(path.substring(0, slash));
        String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        String what = op.get("op").asString();
        if (parent.isMissingNode()) {
            throw new IllegalArgumentException("patch path " + path + " does not exist");
        }
        switch (what) {
            case "add", "replace" -> {
                if (parent instanceof ArrayNode array) {
                    int index = last.equals("-") ? array.size() : Integer.parseInt(last);
                    if (what.equals("add")) {
                        array.insert(index, op.get("value"));
                    } else {
                        requireExists(array.get(index), path);
                        array.set(index, op.get("value"));
                    }
                } else {
                    if (what.equals("replace")) {
                        requireExists(parent.get(last), path);
                    }
                    ((ObjectNode) parent).set(last, op.get("value"));
                }
            }
            case "remove" -> {
                if (parent instanceof ArrayNode array) {
                    requireExists(array.get(Integer.parseInt(last)), path);
                    array.remove(Integer.parseInt(last));
                } else {
                    requireExists(parent.get(last), path);
                    ((ObjectNode) parent).remove(last);
                }
            }
            default -> throw new IllegalArgumentException("patch op " + what + " is not supported here");
        }
    }

    private static void requireExists(JsonNode node, String path) {
        if (node == null) {
            throw new IllegalArgumentException("patch path " + path + " does not exist");
        }
    }

    /** Rewrites every container image whose name (without tag or digest) is the entry's {@code name}. */
    private static void setImage(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode object) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : object.path(list)) {
                    String current = container.path("image").asString("");
                    String name = current.replaceAll("@.*$", "").replaceAll(":[^:/]*$", "");
                    if (name.equals(image.get("name").asString())) {
                        String tag = current.substring(name.length()).replaceFirst("^:", "");
                        String newName = image.path("newName").asString(name);
                        String ref = image.has("digest") ? newName + "@" + image.get("digest").asString()
                                : newName + (image.has("newTag") ? ":" + image.get("newTag").asString()
                                        : tag.isEmpty() ? "" : ":" + tag);
                        ((ObjectNode) container).put("image", ref);
                    }
                }
            }
            object.properties().forEach(e -> setImage(e.getValue(), image));
        } else if (node instanceof ArrayNode array) {
            array.forEach(n -> setImage(n, image));
        }
    }
}
