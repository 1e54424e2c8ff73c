package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client's wire behaviour against an in-process HTTP server. */
class TrtcClientTest {

    private static final String SECRET_ID = "AKIDclientTestSecretId";
    private static final String SECRET_KEY = "clientTestSecretKeyValue1234";
    private static final String TOKEN = "clientTestSessionTokenValue5678";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private LocalApiServer server;
    private HttpClient http;
    private TrtcClientConfig config;

    @BeforeEach
    void start() throws IOException {
        server = new LocalApiServer();
        config = TrtcClientConfig.defaults().withEndpoint(server.endpoint()).withRequestTimeout(Duration.ofSeconds(5));
        http = TrtcClient.defaultHttpClient(config);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void sendsTheDocumentedRequestSignedForServiceTrtcAndTheHostWithPort() {
        DeleteResult result = client(config, Credentials.of(SECRET_ID, SECRET_KEY), Clock.fixed(NOW, ZoneOffset.UTC))
                .deleteCloudTranscription(1_400_000_000L, "task-ü-1", Region.AP_SINGAPORE);

        assertThat(result).isEqualTo(new DeleteResult.Stopped("task", "0c4f7e2a-5b1d-4e8f-a9c3-6d2b1f0e7a54"));
        LocalApiServer.Received request = server.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.bodyText()).isEqualTo("{\"SdkAppId\":1400000000,\"TaskId\":\"task-ü-1\"}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.header("X-TC-Action")).isEqualTo("DeleteCloudTranscription");
        assertThat(request.header("X-TC-Version")).isEqualTo("2019-07-22");
        assertThat(request.header("X-TC-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.header("X-TC-Region")).isEqualTo("ap-singapore");
        assertThat(request.headers()).doesNotContainKeys("X-tc-token", "X-tc-language");

        Tc3Signature expected = Tc3Signer.sign(SECRET_ID, SECRET_KEY, "trtc", request.header("Host"),
                "DeleteCloudTranscription", request.header("Content-Type"), request.body(), NOW.getEpochSecond());
        assertThat(request.header("Authorization")).isEqualTo(expected.authorization())
                .contains("Credential=" + SECRET_ID + "/2026-03-01/trtc/tc3_request")
                .contains("SignedHeaders=content-type;host;x-tc-action");
    }

    @Test
    void signsOnlyContentTypeAndHostWhenActionSigningIsOff() {
        client(config.withSignAction(false), Credentials.of(SECRET_ID, SECRET_KEY), Clock.fixed(NOW, ZoneOffset.UTC))
                .deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);

        LocalApiServer.Received request = server.last();
        Tc3Signature expected = Tc3Signer.sign(SECRET_ID, SECRET_KEY, "trtc", request.header("Host"), null,
                request.header("Content-Type"), request.body(), NOW.getEpochSecond());
        assertThat(request.header("Authorization")).isEqualTo(expected.authorization()).contains("SignedHeaders=content-type;host,");
    }

    @Test
    void sendsTheSessionTokenAndLanguageOnlyWhenSet() {
        client(config.withLanguage("en-US"), new Credentials(SECRET_ID, SECRET_KEY, TOKEN), Clock.systemUTC())
                .deleteCloudTranscription(1L, "t", Region.AP_HONGKONG);

        assertThat(server.last().header("X-TC-Token")).isEqualTo(TOKEN);
        assertThat(server.last().header("X-TC-Language")).isEqualTo("en-US");
        assertThat(server.last().header("Authorization")).doesNotContain(TOKEN);
    }

    @Test
    void signsEveryCallAfreshWithTheClockAndTheCurrentCredentials() {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        AtomicReference<Credentials> current = new AtomicReference<>(Credentials.of("AKIDfirst", SECRET_KEY));
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        TrtcClient client = new TrtcClient(config, current::get, http, clock);

        client.deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);
        now.set(NOW.plusSeconds(90));
        current.set(Credentials.of("AKIDsecond", SECRET_KEY));
        client.deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);

        assertThat(server.received()).extracting(r -> r.header("X-TC-Timestamp"))
                .containsExactly(Long.toString(NOW.getEpochSecond()), Long.toString(NOW.getEpochSecond() + 90));
        assertThat(server.received().get(1).header("Authorization")).contains("Credential=AKIDsecond/");
        assertThat(server.received().get(0).header("Authorization"))
                .isNotEqualTo(server.received().get(1).header("Authorization"));
    }

    @Test
    void rejectsBadInputWithoutCalling() {
        TrtcClient client = client(config, Credentials.of(SECRET_ID, SECRET_KEY), Clock.systemUTC());

        assertRejected(client.deleteCloudTranscription(0L, "t", Region.AP_GUANGZHOU), "InvalidParameter.SdkAppId");
        assertRejected(client.deleteCloudTranscription(-5L, "t", Region.AP_GUANGZHOU), "InvalidParameter.SdkAppId");
        assertRejected(client.deleteCloudTranscription(4_294_967_296L, "t", Region.AP_GUANGZHOU), "InvalidParameter.SdkAppId");
        assertRejected(client.deleteCloudTranscription(1L, "", Region.AP_GUANGZHOU), "MissingParameter.TaskId");
        assertRejected(client.deleteCloudTranscription(1L, " \t", Region.AP_GUANGZHOU), "MissingParameter.TaskId");
        assertRejected(client.deleteCloudTranscription(1L, "t", "ap-beijing"), "UnsupportedRegion");
        assertThatThrownBy(() -> client.deleteCloudTranscription(1L, null, Region.AP_GUANGZHOU))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.deleteCloudTranscription(1L, "t", (Region) null))
                .isInstanceOf(NullPointerException.class);
        assertThat(server.received()).isEmpty();

        // The boundaries themselves are valid.
        assertThat(client.deleteCloudTranscription(4_294_967_295L, "t", "ap-hongkong")).isInstanceOf(DeleteResult.Stopped.class);
        assertThat(server.last().bodyText()).isEqualTo("{\"SdkAppId\":4294967295,\"TaskId\":\"t\"}");
    }

    @Test
    void non200IsAnHttpStatusFailure() {
        server.respondWith((exchange, request) -> LocalApiServer.json(exchange, 503, "upstream down"));
        assertFailed(call(), "Transport.HttpStatus", "HTTP 503: upstream down");
    }

    @Test
    void refusedConnectionIsAConnectFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TrtcClientConfig unreachable = config.withEndpoint(URI.create("http://127.0.0.1:" + closedPort));
        DeleteResult result = new TrtcClient(unreachable, CredentialsProvider.fixed(Credentials.of(SECRET_ID, SECRET_KEY)),
                http, Clock.systemUTC()).deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);
        assertFailed(result, "Transport.Connect", "cannot connect to http://127.0.0.1:" + closedPort);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAnIoFailure() {
        server.respondWith((exchange, request) -> { /* close without a response */ });
        assertFailed(call(), "Transport.Io", "I/O failure talking to");
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsATimeout() {
        config = config.withRequestTimeout(Duration.ofMillis(300));
        server.respondWith((exchange, request) -> server.hang());
        assertFailed(call(), "Transport.Timeout", "within 300 ms");
    }

    @Test
    void aTimedOutCallIsCancelledAndTheNextCallIsAnswered() {
        config = config.withRequestTimeout(Duration.ofMillis(300));
        AtomicInteger calls = new AtomicInteger();
        server.respondWith((exchange, request) -> {
            if (calls.incrementAndGet() == 1) {
                server.hang();
            } else {
                LocalApiServer.json(exchange, 200, "{\"Response\":{\"TaskId\":\"t\",\"RequestId\":\"0c4f7e2a-5b1d-4e8f-a9c3-6d2b1f0e7a54\"}}");
            }
        });
        assertFailed(call(), "Transport.Timeout", "within 300 ms");
        assertThat(call()).isEqualTo(new DeleteResult.Stopped("t", "0c4f7e2a-5b1d-4e8f-a9c3-6d2b1f0e7a54"));
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsATimeoutToo() {
        config = config.withRequestTimeout(Duration.ofMillis(500));
        server.respondWith((exchange, request) -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"Resp".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            server.hang();
        });
        long started = System.nanoTime();
        DeleteResult result = call();
        // java.net.http's request timeout stops at the headers; the client's own deadline must cover the body.
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("a body stalled after the headers: gave up after %d ms (timeout 500 ms)%n", took.toMillis());
        // The timeout is proven by the failure's code; only a lower bound on the time survives a loaded machine.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(480)); // 20 ms for clock granularity
        assertFailed(result, "Transport.Timeout", "within 500 ms");
    }

    @Test
    void aCallWhoseBodyStallsHoldsUpNoOtherCallOnTheSameClient() throws InterruptedException {
        // The client runs its internal tasks on its selector thread (a direct executor): a stalled answer must
        // leave that thread free for the others.
        AtomicInteger calls = new AtomicInteger();
        server.respondWith((exchange, request) -> {
            if (calls.incrementAndGet() == 1) {
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().write("{\"Resp".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                server.hang();
            } else {
                LocalApiServer.json(exchange, 200, "{\"Response\":{\"TaskId\":\"t\",\"RequestId\":\"0c4f7e2a-5b1d-4e8f-a9c3-6d2b1f0e7a54\"}}");
            }
        });
        AtomicReference<DeleteResult> stalled = new AtomicReference<>();
        Thread first = Thread.ofVirtual().start(() -> stalled.set(call()));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.received().size() == 1);

        List<DeleteResult> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(call());
        }
        assertThat(others).containsOnly(new DeleteResult.Stopped("t", "0c4f7e2a-5b1d-4e8f-a9c3-6d2b1f0e7a54"));
        assertThat(first.isAlive()).isTrue();
        first.interrupt();
        first.join(Duration.ofSeconds(5));
        assertFailed(stalled.get(), "Transport.Interrupted", "interrupted while calling");
    }

    @Test
    void anOversizedBodyIsMalformed() {
        server.respondWith((exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 40; i++) {
                exchange.getResponseBody().write(chunk);
            }
        });
        assertFailed(call(), "Transport.MalformedResponse", "larger than");
    }

    @Test
    void interruptionRestoresTheFlagAndReportsInterrupted() throws InterruptedException {
        server.respondWith((exchange, request) -> server.hang());
        AtomicReference<DeleteResult> result = new AtomicReference<>();
        AtomicReference<Boolean> flagAfterwards = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            result.set(call());
            flagAfterwards.set(Thread.currentThread().isInterrupted());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.received().isEmpty());
        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        assertThat(caller.isAlive()).isFalse();
        assertFailed(result.get(), "Transport.Interrupted", "interrupted while calling");
        assertThat(flagAfterwards.get()).isTrue();
    }

    @Test
    void anAlreadyInterruptedCallerDoesNotCall() {
        Thread.currentThread().interrupt();
        try {
            assertFailed(call(), "Transport.Interrupted", "interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(server.received()).isEmpty();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailingCredentialsProviderIsARetryableFailureNotAnException() {
        CredentialsProvider broken = () -> {
            throw new IllegalStateException("cannot parse secret_key=" + SECRET_KEY);
        };
        DeleteResult result = new TrtcClient(config, broken, http, Clock.systemUTC())
                .deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);
        assertFailed(result, "Credentials.Unavailable", "IllegalStateException");
        assertThat(result.toString()).doesNotContain(SECRET_KEY);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void secretsAppearInNoResultAndNoLogLine() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.trtcstop.worker.trtc");
        Level previous = logger.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.DEBUG);
        try {
            List<DeleteResult> results = new ArrayList<>();
            Credentials credentials = new Credentials(SECRET_ID, SECRET_KEY, TOKEN);
            TrtcClient client = client(config.withRequestTimeout(Duration.ofMillis(300)), credentials, Clock.systemUTC());
            // A server that echoes every request header back, in each place the client quotes server text.
            List<LocalApiServer.Responder> echoes = List.of(
                    (exchange, request) -> LocalApiServer.json(exchange, 500, request.headers().toString()),
                    (exchange, request) -> LocalApiServer.json(exchange, 200, "not json " + request.headers()),
                    (exchange, request) -> LocalApiServer.json(exchange, 200, "{\"Response\":{\"Error\":{\"Code\":"
                            + "\"AuthFailure.TokenFailure\",\"Message\":\"bad token " + TOKEN + " key " + SECRET_KEY
                            + "\"},\"RequestId\":\"r\"}}"),
                    (exchange, request) -> LocalApiServer.json(exchange, 200, "{\"Response\":{\"Error\":{\"Code\":"
                            + "\"ResourceNotFound\",\"Message\":\"" + TOKEN + "\"},\"RequestId\":\"r\"}}"),
                    (exchange, request) -> server.hang(),
                    (exchange, request) -> { });
            for (LocalApiServer.Responder echo : echoes) {
                server.respondWith(echo);
                results.add(client.deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU));
            }
            results.add(client.deleteCloudTranscription(0L, "t", Region.AP_GUANGZHOU));

            assertThat(server.received()).hasSize(6).allSatisfy(r -> assertThat(r.header("X-TC-Token")).isEqualTo(TOKEN));
            assertThat(results).hasSize(7).allSatisfy(result ->
                    assertThat(result.toString()).doesNotContain(SECRET_KEY, TOKEN));
            assertThat(logs.list).hasSizeGreaterThanOrEqualTo(6).allSatisfy(event ->
                    assertThat(event.getFormattedMessage()).doesNotContain(SECRET_KEY, TOKEN));
            assertThat(client.toString()).doesNotContain(SECRET_KEY, TOKEN);
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(previous);
        }
    }

    private DeleteResult call() {
        return client(config, Credentials.of(SECRET_ID, SECRET_KEY), Clock.systemUTC())
                .deleteCloudTranscription(1L, "t", Region.AP_GUANGZHOU);
    }

    private TrtcClient client(TrtcClientConfig clientConfig, Credentials credentials, Clock clock) {
        return new TrtcClient(clientConfig, CredentialsProvider.fixed(credentials), http, clock);
    }

    private static void assertRejected(DeleteResult result, String code) {
        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(failed.requestId()).isNull();
            assertThat(failed.message()).isNotBlank();
        });
    }

    private static void assertFailed(DeleteResult result, String code, String messagePart) {
        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.requestId()).isNull();
            assertThat(failed.throttled()).isFalse();
            assertThat(failed.message()).contains(messagePart);
        });
    }
}
