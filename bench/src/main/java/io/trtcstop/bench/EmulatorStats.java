package io.trtcstop.bench;

import io.trtcstop.emulator.CallsPerSecond;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DeleteCloudTranscription calls per answer code, and per second of the emulator's rate-limit windows (accepted and
 * throttled, oldest first, only seconds with calls), as the emulator's {@code GET /admin/stats} reports them.
 */
record EmulatorStats(Map<String, Long> deleteCallsByCode, List<CallsPerSecond.Second> deleteCallsPerSecond) {

    static final String THROTTLED = "RequestLimitExceeded";
    static final String ACTION = "DeleteCloudTranscription";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static EmulatorStats fetch(URI endpoint) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/admin/stats")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode stats = JSON.readTree(response.body());
            Map<String, Long> byCode = new TreeMap<>();
            stats.path("CallsByActionAndCode").path(ACTION).properties()
                    .forEach(e -> byCode.put(e.getKey(), e.getValue().asLong()));
            List<CallsPerSecond.Second> seconds = new ArrayList<>();
            for (JsonNode s : stats.path("CallsPerSecond").path(ACTION)) {
                seconds.add(new CallsPerSecond.Second(s.path("Second").asLong(), s.path("Accepted").asLong(),
                        s.path("Throttled").asLong()));
            }
            return new EmulatorStats(byCode, List.copyOf(seconds));
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

    /** {@code RequestLimitExceeded} as a share of all calls, in percent; NaN without calls. */
    double throttledPercent() {
        return total() == 0 ? Double.NaN : 100.0 * throttled() / total();
    }

    /** The most calls offered (accepted + throttled) in one window; 0 without calls. */
    long worstSecondOffered() {
        return worstSecondOffered(Long.MIN_VALUE);
    }

    /** The most calls offered in one window that ends after {@code fromMillis} (epoch ms); 0 without calls. */
    long worstSecondOffered(long fromMillis) {
        return deleteCallsPerSecond.stream().filter(s -> (s.epochSecond() + 1) * 1000 > fromMillis)
                .mapToLong(CallsPerSecond.Second::offered).max().orElse(0);
    }

    /** How many windows saw more than {@code limit} calls offered. */
    long secondsOffering(long limit) {
        return deleteCallsPerSecond.stream().filter(s -> s.offered() > limit).count();
    }

    /**
     * Accepted calls per second over the whole windows between {@code fromMillis} and {@code toMillis} (epoch ms; a
     * window with no call counts as 0); NaN when not one whole window fits.
     */
    double acceptedPerSecond(long fromMillis, long toMillis) {
        long first = Math.floorDiv(fromMillis + 999, 1000);
        long end = Math.floorDiv(toMillis, 1000);
        return end <= first ? Double.NaN : (double) acceptedIn(first, end) / (end - first);
    }

    /** Accepted calls in each of the {@code count} whole windows that start at or after {@code fromMillis}. */
    List<Long> acceptedEachSecond(long fromMillis, int count) {
        long first = Math.floorDiv(fromMillis + 999, 1000);
        List<Long> each = new ArrayList<>(count);
        for (long s = first; s < first + count; s++) {
            each.add(acceptedIn(s, s + 1));
        }
        return each;
    }

    private long acceptedIn(long firstSecond, long endSecond) {
        return deleteCallsPerSecond.stream().filter(s -> s.epochSecond() >= firstSecond && s.epochSecond() < endSecond)
                .mapToLong(CallsPerSecond.Second::accepted).sum();
    }
}
