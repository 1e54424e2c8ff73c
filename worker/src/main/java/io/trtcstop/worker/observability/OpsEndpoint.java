package io.trtcstop.worker.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's HTTP port: {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}
 * (JSON; 200 when healthy, 503 with the reasons when not). The JDK's own HTTP server: three read-only
 * endpoints need no framework.
 *
 * <p>The JDK server has no limits by default: any number of connections, and a client may take forever to send its
 * request (a slow-loris holds a connection and a thread). {@link #SERVER_LIMITS} bounds both through the server's
 * own system properties, unless the operator set them ({@code JAVA_TOOL_OPTIONS=-Djdk.httpserver.maxConnections=..}).
 * The JDK reads them once, when its first HTTP server starts: the worker starts no other one.
 */
public final class OpsEndpoint implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * The JDK server's limits: at most 32 open connections (more are closed at once: Prometheus and the kubelet need
     * a few), 10 s to send a request (headers and all) and 30 s to take the answer, else the connection is closed.
     */
    static final Map<String, String> SERVER_LIMITS = Map.of(
            "jdk.httpserver.maxConnections", "32",
            "sun.net.httpserver.maxReqTime", "10",
            "sun.net.httpserver.maxRspTime", "30",
            "sun.net.httpserver.maxReqHeaders", "100");

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code host:port} ({@code port} 0 picks a free one). */
    public static OpsEndpoint start(String host, int port, WorkerMetrics metrics, WorkerHealth health) {
        SERVER_LIMITS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (HTTP_HOST/HTTP_PORT)", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/metrics", get(exchange ->
                send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape())));
        server.createContext("/health/live", get(exchange -> report(exchange, health::live)));
        server.createContext("/health/ready", get(exchange -> report(exchange, health::ready)));
        server.start();
        return new OpsEndpoint(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private static HttpHandler get(Responder responder) {
        return exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                    return;
                }
                responder.respond(exchange);
            }
        };
    }

    private static void report(HttpExchange exchange, Supplier<WorkerHealth.Report> probe) throws IOException {
        WorkerHealth.Report report = probe.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        if (!report.healthy()) {
            body.put("problems", report.problems());
        }
        body.put("details", new java.util.TreeMap<>(report.details()));
        send(exchange, report.healthy() ? 200 : 503, "application/json", JSON.writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
