package io.trtcstop.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The admin API's JSON form of the fault plan (GET and PUT /admin/faults). */
final class FaultPlanDocument {

    private static final Set<String> FIELDS = Set.of("LatencyMs", "LatencyJitterMs", "ErrorProbabilities",
            "Http5xxProbability", "DropConnectionProbability", "HangProbability", "MalformedBodyProbability",
            "StopScripts");

    private FaultPlanDocument() {
    }

    static ObjectNode toJson(FaultSettings settings, Map<String, StopScript> scripts) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("LatencyMs", settings.latency().toMillis());
        json.put("LatencyJitterMs", settings.latencyJitter().toMillis());
        ObjectNode errors = json.putObject("ErrorProbabilities");
        settings.errorProbabilities().forEach(errors::put);
        json.put("Http5xxProbability", settings.http5xxProbability());
        json.put("DropConnectionProbability", settings.dropConnectionProbability());
        json.put("HangProbability", settings.hangProbability());
        json.put("MalformedBodyProbability", settings.malformedBodyProbability());
        ObjectNode scriptsJson = json.putObject("StopScripts");
        scripts.forEach((taskId, script) -> scriptsJson.set(taskId, scriptToJson(script)));
        return json;
    }

    static ObjectNode scriptToJson(StopScript script) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        script.answerTokens().forEach(json.putArray("Answers")::add);
        json.put("Forever", script.foreverToken().orElse(null));
        return json;
    }

    /** Every field is optional; what is absent is off (PUT replaces the whole plan). */
    static FaultSettings settingsFromJson(JsonNode json) {
        requireObject(json, "the fault plan");
        for (String name : json.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; the fault plan has " + FIELDS);
            }
        }
        Map<String, Double> errors = new LinkedHashMap<>();
        JsonNode errorsJson = json.path("ErrorProbabilities");
        if (!errorsJson.isMissingNode()) {
            requireObject(errorsJson, "ErrorProbabilities");
            errorsJson.properties().forEach(e -> errors.put(e.getKey(), number(e.getValue(), e.getKey())));
        }
        return new FaultSettings(
                Duration.ofMillis((long) number(json.path("LatencyMs"), "LatencyMs")),
                Duration.ofMillis((long) number(json.path("LatencyJitterMs"), "LatencyJitterMs")),
                errors,
                number(json.path("Http5xxProbability"), "Http5xxProbability"),
                number(json.path("DropConnectionProbability"), "DropConnectionProbability"),
                number(json.path("HangProbability"), "HangProbability"),
                number(json.path("MalformedBodyProbability"), "MalformedBodyProbability"));
    }

    static Map<String, StopScript> scriptsFromJson(JsonNode json) {
        Map<String, StopScript> scripts = new LinkedHashMap<>();
        JsonNode scriptsJson = json.path("StopScripts");
        if (scriptsJson.isMissingNode()) {
            return scripts;
        }
        requireObject(scriptsJson, "StopScripts");
        scriptsJson.properties().forEach(e -> scripts.put(e.getKey(), scriptFromJson(e.getValue())));
        return scripts;
    }

    /** {@code {"Answers":["InternalError","HTTP_503"],"Forever":"ResourceNotFound"}}, either part optional. */
    static StopScript scriptFromJson(JsonNode json) {
        requireObject(json, "a stop script");
        for (String name : json.propertyNames()) {
            if (!name.equals("Answers") && !name.equals("Forever")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; a stop script has Answers and "
                        + "Forever");
            }
        }
        List<String> answers = new ArrayList<>();
        JsonNode answersJson = json.path("Answers");
        if (!answersJson.isMissingNode() && !answersJson.isNull()) {
            if (!answersJson.isArray()) {
                throw new IllegalArgumentException("Answers must be an array of strings");
            }
            answersJson.forEach(answer -> answers.add(string(answer, "each answer")));
        }
        JsonNode forever = json.path("Forever");
        String foreverToken = forever.isMissingNode() || forever.isNull() ? null : string(forever, "Forever");
        if (answers.isEmpty() && foreverToken == null) {
            throw new IllegalArgumentException("a stop script needs Answers, Forever or both");
        }
        return StopScript.of(answers, foreverToken);
    }

    private static double number(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number but was " + node);
        }
        return node.doubleValue();
    }

    private static String string(JsonNode node, String name) {
        if (!node.isString()) {
            throw new IllegalArgumentException(name + " must be a string but was " + node);
        }
        return node.stringValue();
    }

    private static void requireObject(JsonNode node, String name) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + " must be a JSON object");
        }
    }
}
