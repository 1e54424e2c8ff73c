package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ops port's limits as shipped (32 connections, 10 s to send a request), against an endpoint in a JVM of its own
 * ({@link OpsEndpointProbe}): the JDK reads them once per JVM, and this one runs other HTTP servers.
 */
class OpsEndpointLimitsTest {

    private static final int MAX_CONNECTIONS = 32;
    private static final byte[] GET = "GET /health/live HTTP/1.1\r\nHost: ops\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
    private Process probe;
    private int port;

    @BeforeEach
    void startTheEndpointInAJvmOfItsOwn() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OpsEndpointProbe.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the probe's first line").startsWith("port ");
        port = Integer.parseInt(line.substring("port ".length()));
    }

    @AfterEach
    void stop() throws IOException {
        dripper.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        probe.getOutputStream().close();
        probe.destroy();
    }

    @Test
    void slowLorisClientsAreCutOffAndTheConnectionCapHolds() throws IOException {
        // Slow-loris clients: a request line, then one header byte a second, never the blank line that ends it.
        List<AtomicBoolean> closed = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            Socket slow = connect();
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            closed.add(watchForClose(slow));
            dripper.scheduleAtFixedRate(() -> drip(slow), 1, 1, TimeUnit.SECONDS);
        }
        long start = System.nanoTime();

        await("a connection beyond the cap is closed unanswered").atMost(Duration.ofSeconds(8))
                .until(() -> get().isEmpty());

        await("every slow-loris client is cut off").atMost(Duration.ofSeconds(25))
                .until(() -> closed.stream().allMatch(AtomicBoolean::get));
        long cutOffAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(cutOffAfterMillis).as("cut off at maxReqTime (10 s), checked every second").isBetween(8_000L, 25_000L);

        await("then the port answers again").atMost(Duration.ofSeconds(5))
                .until(() -> get().startsWith("HTTP/1.1 200"));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return s;
    }

    /** One whole GET on a new connection: the answer, or "" when the server closed it without one. */
    private String get() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(GET);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return ""; // reset
        }
    }

    private static void drip(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write('x');
            out.flush();
        } catch (IOException e) {
            // closed by the server: what the test waits for
        }
    }

    private static AtomicBoolean watchForClose(Socket s) {
        AtomicBoolean closed = new AtomicBoolean();
        Thread.ofVirtual().start(() -> {
            try {
                while (s.getInputStream().read() >= 0) {
                    // the server sends nothing to a request it never finished reading
                }
            } catch (IOException e) {
                // reset: closed as well
            }
            closed.set(true);
        });
        return closed;
    }
}
