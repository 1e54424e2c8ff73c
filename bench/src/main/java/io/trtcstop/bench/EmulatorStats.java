package io.trtcstop.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** DeleteCloudTranscription calls per answer code, as the emulator's {@code GET /admin/stats} reports them. */
record EmulatorStats(Map<String, Long> deleteCallsByCode) {

    static final String THROTTLED = "RequestLimitExceeded";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static EmulatorStats fetch(URI endpoint) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/admin/stats")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode calls = JSON.readTree(response.body()).path("CallsByActionAndCode")
                    .path("DeleteCloudTranscription");
            Map<String, Long> byCode = new TreeMap<>();
            calls.properties().forEach(e -> byCode.put(e.getKey(), e.getValue().asLong()));
            return new EmulatorStats(byCode);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the emulator's /admin/stats: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading /admin/stats", e);
        }
    }

    long total() {
        return deleteCallsByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    long throttled() {
        return deleteCallsByCode.getOrDefault(THROTTLED, 0L);
    }

    /** Calls the quota let through, whatever they were answered. */
    long accepted() {
        return total() - throttled();
    }
}
