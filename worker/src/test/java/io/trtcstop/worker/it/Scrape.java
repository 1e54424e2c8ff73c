package io.trtcstop.worker.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a Prometheus text exposition, with sums over the series that match some labels. */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Sample(String name, Map<String, String> labels, double value) {}

    final String text;
    final List<Sample> samples = new ArrayList<>();

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    static Scrape of(int port) throws IOException, InterruptedException {
        return new Scrape(get(port, "/metrics").body());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum over every series of {@code name} whose labels include {@code labelPairs} (name, value, ...). */
    double sum(String name, String... labelPairs) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labelPairs)) {
                sum += s.value();
            }
        }
        return sum;
    }

    boolean has(String name, String... labelPairs) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labelPairs));
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The label names seen on each metric name. */
    Map<String, Set<String>> labelsByMetric() {
        Map<String, Set<String>> labels = new HashMap<>();
        samples.forEach(s -> labels.computeIfAbsent(s.name(), n -> new TreeSet<>()).addAll(s.labels().keySet()));
        return labels;
    }

    private static boolean matches(Map<String, String> labels, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
