package io.trtcstop.worker.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that plays the CVM instance metadata and misbehaves on demand: it answers a
 * temporary key at once, or sends the headers of an answer and then its body one byte every {@link #TRICKLE_EVERY},
 * or pads a valid answer with megabytes of whitespace. Raw sockets, so the timing is exactly what a slow peer does.
 */
final class SlowMetadataServer implements AutoCloseable {

    static final Duration TRICKLE_EVERY = Duration.ofSeconds(4);

    enum Mode { PROMPT, TRICKLE, PADDED }

    private final ServerSocket socket;
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.PROMPT;
    private volatile Instant expiresAt = Instant.parse("2030-01-01T00:00:00Z");
    private volatile int keyNumber = 1;

    SlowMetadataServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("slow-metadata").start(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    SlowMetadataServer mode(Mode newMode) {
        mode = newMode;
        return this;
    }

    SlowMetadataServer answering(int key, Instant expiry) {
        keyNumber = key;
        expiresAt = expiry;
        return this;
    }

    int requests() {
        return requests.get();
    }

    static String answer(int key, Instant expiry) {
        return "{\"TmpSecretId\":\"AKIDtmp" + key + "\",\"TmpSecretKey\":\"tmp-secret-" + key + "\",\"Token\":\"tmp-token-" + key
                + "\",\"ExpiredTime\":" + expiry.getEpochSecond() + ",\"Expiration\":\"" + expiry + "\",\"Code\":\"Success\"}";
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connection.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try {
            readRequestHead(connection.getInputStream());
            requests.incrementAndGet();
            OutputStream out = connection.getOutputStream();
            byte[] body = answer(keyNumber, expiresAt).getBytes(StandardCharsets.UTF_8);
            switch (mode) {
                case PROMPT -> {
                    out.write(head(body.length));
                    out.write(body);
                    out.flush();
                    connection.close();
                }
                case PADDED -> {
                    byte[] padding = new byte[8 << 20];
                    Arrays.fill(padding, (byte) ' ');
                    out.write(head(padding.length + body.length));
                    out.write(padding);
                    out.write(body);
                    out.flush();
                    connection.close();
                }
                case TRICKLE -> {
                    out.write(head(body.length));
                    out.flush();
                    AtomicInteger next = new AtomicInteger();
                    trickler.scheduleAtFixedRate(() -> {
                        try {
                            out.write(body[next.getAndIncrement() % body.length]);
                            out.flush();
                        } catch (IOException e) {
                            throw new IllegalStateException("the client hung up", e); // ends this schedule
                        }
                    }, TRICKLE_EVERY.toMillis(), TRICKLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static byte[] head(int contentLength) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + contentLength
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request head ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        trickler.shutdownNow();
        socket.close();
        acceptor.interrupt();
    }
}
