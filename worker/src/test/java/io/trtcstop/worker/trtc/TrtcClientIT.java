package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.trtcstop.emulator.TrtcEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The client against the TRTC emulator: every class of answer the API (or the network) can give. */
class TrtcClientIT {

    private static final String SECRET_ID = "AKIDtrtcClientItSecretId";
    private static final String SECRET_KEY = "trtcClientItSecretKeyValue42";
    private static final long SDK_APP_ID = 1_400_000_000L;
    private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofMillis(500);

    private static TrtcEmulator emulator;
    private static TrtcClientConfig config;
    private static HttpClient http;
    private static TrtcClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY).rateLimitPerSecond(0).build().start();
        // The default (10 s) request timeout, so a busy machine cannot turn answers into timeouts; only the
        // calls that provoke a hang use SHORT_REQUEST_TIMEOUT.
        config = TrtcClientConfig.defaults().withEndpoint(emulator.endpoint());
        http = TrtcClient.defaultHttpClient(config);
        client = client(config, Credentials.of(SECRET_ID, SECRET_KEY), Clock.systemUTC());
    }

    @AfterAll
    static void stopEmulator() {
        http.close();
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    @Test
    void stopsARunningTask() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-1");

        DeleteResult result = client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);

        assertThat(result).isInstanceOfSatisfying(DeleteResult.Stopped.class, stopped -> {
            assertThat(stopped.taskId()).isEqualTo(taskId);
            assertThat(stopped.requestId()).isNotBlank();
        });
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);
    }

    @Test
    void stoppingTwiceIsAlreadyStopped() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-2");
        DeleteResult first = client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_HONGKONG);

        DeleteResult second = client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_HONGKONG);

        assertThat(first).isInstanceOf(DeleteResult.Stopped.class);
        assertThat(second).isInstanceOfSatisfying(DeleteResult.AlreadyStopped.class, already -> {
            assertThat(already.requestId()).isNotBlank().isNotEqualTo(first.requestId());
            assertThat(already.message()).isNotBlank();
        });
        assertThat(emulator.stopCallCount(taskId)).isEqualTo(2);
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);
    }

    @Test
    void anUnknownTaskIsAlreadyStopped() {
        assertThat(client.deleteCloudTranscription(SDK_APP_ID, "no-such-task", Region.AP_SINGAPORE))
                .isInstanceOf(DeleteResult.AlreadyStopped.class);
    }

    @Test
    void worksWithAndWithoutSigningTheAction() {
        for (boolean signAction : new boolean[] {true, false}) {
            String taskId = emulator.createTask(SDK_APP_ID, "room-sign-" + signAction);
            TrtcClient variant = client(config.withSignAction(signAction), Credentials.of(SECRET_ID, SECRET_KEY),
                    Clock.systemUTC());
            assertThat(variant.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU))
                    .as("signAction=%s", signAction).isInstanceOf(DeleteResult.Stopped.class);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "RequestLimitExceeded, RETRYABLE",
            "RequestLimitExceeded.UinLimitExceeded, RETRYABLE",
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded, RETRYABLE",
            "InternalError, RETRYABLE",
            "InternalError.CTInternalError, RETRYABLE",
            "ServiceUnavailable, RETRYABLE",
            "ResourceUnavailable, RETRYABLE",
            "ResourceInsufficient, RETRYABLE",
            "ResourceInUse, RETRYABLE",
            "AuthFailure.SignatureExpire, RETRY_ONCE_AFTER_REFRESH",
            "AuthFailure.TokenFailure, RETRY_ONCE_AFTER_REFRESH",
            "AuthFailure.UnauthorizedOperation, PERMANENT",
            "AuthFailure.UnRealNameAuthenticated, PERMANENT",
            "UnauthorizedOperation, PERMANENT",
            "InvalidParameter, PERMANENT",
            "InvalidParameter.OutOfRange, PERMANENT",
            "InvalidParameterValue, PERMANENT",
            "MissingParameter.TaskId, PERMANENT",
            "UnknownParameter, PERMANENT",
            "InvalidAction, PERMANENT",
            "NoSuchVersion, PERMANENT",
            "UnsupportedRegion, PERMANENT",
            "UnsupportedOperation, PERMANENT",
            "UnsupportedProtocol, PERMANENT",
            "FailedOperation.CTUnsupportMethod, PERMANENT",
            "LimitExceeded, PERMANENT",
            "RequestSizeLimitExceeded, PERMANENT",
            "SomethingNobodyDocumented.Yet, PERMANENT",
    })
    void classifiesEachApiError(String code, FailureClass expected) {
        String taskId = emulator.createTask(SDK_APP_ID, "room-" + code);
        emulator.faults().scriptStopAnswers(taskId, code);

        DeleteResult result = client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);

        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.failureClass()).isEqualTo(expected);
            assertThat(failed.requestId()).isNotBlank();
            assertThat(failed.throttled()).isEqualTo(code.startsWith("RequestLimitExceeded"));
        });
        // The script answered once; the task is still running and the next call stops it.
        assertThat(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU))
                .isInstanceOf(DeleteResult.Stopped.class);
    }

    @Test
    void theRealRateLimitIsThrottling() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
        try (TrtcEmulator limited = TrtcEmulator.builder().credentials(SECRET_ID, SECRET_KEY).rateLimitPerSecond(2)
                .clock(fixed).build().start()) {
            TrtcClient limitedClient = client(config.withEndpoint(limited.endpoint()), Credentials.of(SECRET_ID, SECRET_KEY), fixed);
            List<DeleteResult> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(limitedClient.deleteCloudTranscription(SDK_APP_ID, limited.createTask(SDK_APP_ID, "r" + i),
                        Region.AP_GUANGZHOU));
            }

            assertThat(results.subList(0, 2)).allSatisfy(r -> assertThat(r).isInstanceOf(DeleteResult.Stopped.class));
            assertThat(results.get(2)).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
                assertThat(failed.code()).startsWith("RequestLimitExceeded");
                assertThat(failed.throttled()).isTrue();
                assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP_500", "HTTP_502", "HTTP_503", "HTTP_504", "HTTP_429"})
    void httpErrorStatusesAreTransportFailures(String token) {
        String taskId = emulator.createTask(SDK_APP_ID, "room-http");
        emulator.faults().scriptStopAnswers(taskId, token);

        assertTransportFailure(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "Transport.HttpStatus", "HTTP " + token.substring("HTTP_".length()) + ":");
    }

    @Test
    void aDroppedConnectionIsAnIoFailure() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-drop");
        emulator.faults().scriptStopAnswers(taskId, "DROP");

        assertTransportFailure(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "Transport.Io", "I/O failure");
    }

    @Test
    void aLostAnswerIsRetryableAndTheRetryFindsTheTaskAlreadyStopped() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-lost");
        emulator.faults().scriptStopAnswers(taskId, "STOP_THEN_DROP");

        assertTransportFailure(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "Transport.Io", "I/O failure");
        assertThat(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU))
                .isInstanceOf(DeleteResult.AlreadyStopped.class);
    }

    @Test
    void aHangingCallTimesOutAtTheRequestTimeout() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-hang");
        emulator.faults().scriptStopAnswers(taskId, "HANG");

        TrtcClient impatient = client(config.withRequestTimeout(SHORT_REQUEST_TIMEOUT), Credentials.of(SECRET_ID, SECRET_KEY),
                Clock.systemUTC());

        long started = System.nanoTime();
        DeleteResult result = impatient.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);

        assertTransportFailure(result, "Transport.Timeout", "within " + SHORT_REQUEST_TIMEOUT.toMillis() + " ms");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("a hanging call: gave up after %d ms (timeout %d ms)%n", took.toMillis(),
                SHORT_REQUEST_TIMEOUT.toMillis());
        // The code above proves the timeout; only a lower bound on the time survives a loaded machine.
        assertThat(took).isGreaterThanOrEqualTo(SHORT_REQUEST_TIMEOUT.minusMillis(20)); // clock granularity
    }

    @Test
    void aMalformedBodyIsAMalformedResponse() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-malformed");
        emulator.faults().scriptStopAnswers(taskId, "MALFORMED");

        assertTransportFailure(client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "Transport.MalformedResponse", "");
    }

    @Test
    void aWrongSecretKeyIsAPermanentSignatureFailure() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-wrong-key");
        TrtcClient wrongKey = client(config, Credentials.of(SECRET_ID, "notTheRightKey"), Clock.systemUTC());

        assertApiFailure(wrongKey.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "AuthFailure.SignatureFailure", FailureClass.PERMANENT);
        assertThat(emulator.stopCallCount(taskId)).isZero();
    }

    @Test
    void anUnknownSecretIdIsWorthOneRetryAfterARefresh() {
        TrtcClient unknownId = client(config, Credentials.of("AKIDsomebodyElse", SECRET_KEY), Clock.systemUTC());

        assertApiFailure(unknownId.deleteCloudTranscription(SDK_APP_ID, "t", Region.AP_GUANGZHOU),
                "AuthFailure.SecretIdNotFound", FailureClass.RETRY_ONCE_AFTER_REFRESH);
    }

    @Test
    void clockSkewOverFiveMinutesIsSignatureExpire() {
        String taskId = emulator.createTask(SDK_APP_ID, "room-skew");
        TrtcClient ahead = client(config, Credentials.of(SECRET_ID, SECRET_KEY),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        TrtcClient behind = client(config, Credentials.of(SECRET_ID, SECRET_KEY),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)));
        TrtcClient slightlyAhead = client(config, Credentials.of(SECRET_ID, SECRET_KEY),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4)));

        assertApiFailure(ahead.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "AuthFailure.SignatureExpire", FailureClass.RETRY_ONCE_AFTER_REFRESH);
        assertApiFailure(behind.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU),
                "AuthFailure.SignatureExpire", FailureClass.RETRY_ONCE_AFTER_REFRESH);
        assertThat(slightlyAhead.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU))
                .isInstanceOf(DeleteResult.Stopped.class);
    }

    @Test
    void temporaryCredentialsSendTheirSessionToken() {
        String token = "stsSessionTokenForTheIt123";
        try (TrtcEmulator sts = TrtcEmulator.builder().credentials(SECRET_ID, SECRET_KEY).sessionToken(token)
                .rateLimitPerSecond(0).build().start()) {
            TrtcClientConfig stsConfig = config.withEndpoint(sts.endpoint());
            String taskId = sts.createTask(SDK_APP_ID, "room-sts");

            DeleteResult withoutToken = client(stsConfig, Credentials.of(SECRET_ID, SECRET_KEY), Clock.systemUTC())
                    .deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);
            DeleteResult wrongToken = client(stsConfig, new Credentials(SECRET_ID, SECRET_KEY, "expiredToken"), Clock.systemUTC())
                    .deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);
            DeleteResult withToken = client(stsConfig, new Credentials(SECRET_ID, SECRET_KEY, token), Clock.systemUTC())
                    .deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);

            assertApiFailure(withoutToken, "AuthFailure.TokenFailure", FailureClass.RETRY_ONCE_AFTER_REFRESH);
            assertApiFailure(wrongToken, "AuthFailure.TokenFailure", FailureClass.RETRY_ONCE_AFTER_REFRESH);
            assertThat(withToken).isInstanceOf(DeleteResult.Stopped.class);
            assertThat(withToken.toString() + withoutToken + wrongToken).doesNotContain(token, SECRET_KEY);
        }
    }

    @Test
    void inputProblemsAreFoundWithoutCallingTheApi() {
        assertThat(client.deleteCloudTranscription(0L, "t", Region.AP_GUANGZHOU))
                .extracting(r -> ((DeleteResult.Failed) r).code()).isEqualTo("InvalidParameter.SdkAppId");
        assertThat(client.deleteCloudTranscription(SDK_APP_ID, "", Region.AP_GUANGZHOU))
                .extracting(r -> ((DeleteResult.Failed) r).code()).isEqualTo("MissingParameter.TaskId");
        assertThat(client.deleteCloudTranscription(SDK_APP_ID, "t", "eu-frankfurt"))
                .extracting(r -> ((DeleteResult.Failed) r).code()).isEqualTo("UnsupportedRegion");
        assertThat(emulator.callsByActionAndCode()).isEmpty();
    }

    @Test
    void manyVirtualThreadsShareOneClient() throws Exception {
        int tasks = 200;
        List<String> taskIds = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            taskIds.add(emulator.createTask(SDK_APP_ID, "room-many-" + i));
        }
        List<Future<DeleteResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String taskId : taskIds) {
                results.add(threads.submit(() -> client.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU)));
            }
        }
        for (int i = 0; i < tasks; i++) {
            DeleteResult result = results.get(i).get();
            assertThat(result).isInstanceOf(DeleteResult.Stopped.class);
            assertThat(((DeleteResult.Stopped) result).taskId()).isEqualTo(taskIds.get(i));
        }
        assertThat(emulator.callCount("DeleteCloudTranscription", "OK")).isEqualTo(tasks);
    }

    @Test
    void secretsAppearInNoResultAndNoLogLine() {
        String token = "stsTokenThatMustNotLeak777";
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger clientLogger = (Logger) LoggerFactory.getLogger(TrtcClient.class);
        Level previous = clientLogger.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        clientLogger.setLevel(Level.DEBUG);
        try (TrtcEmulator sts = TrtcEmulator.builder().credentials(SECRET_ID, SECRET_KEY).sessionToken(token)
                .rateLimitPerSecond(0).build().start()) {
            TrtcClientConfig stsConfig = config.withEndpoint(sts.endpoint());
            String taskId = sts.createTask(SDK_APP_ID, "room-leak");
            List<DeleteResult> results = new ArrayList<>();
            results.add(client(stsConfig, new Credentials(SECRET_ID, "wrongKeyThatMustNotLeak", token), Clock.systemUTC())
                    .deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU));
            results.add(client(stsConfig, new Credentials(SECRET_ID, SECRET_KEY, "wrongTokenThatMustNotLeak"), Clock.systemUTC())
                    .deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU));
            Credentials right = new Credentials(SECRET_ID, SECRET_KEY, token);
            TrtcClient patient = client(stsConfig, right, Clock.systemUTC());
            TrtcClient impatient = client(stsConfig.withRequestTimeout(SHORT_REQUEST_TIMEOUT), right, Clock.systemUTC());
            for (String fault : List.of("InternalError", "HTTP_503", "DROP", "HANG", "MALFORMED", "OK", "OK")) {
                sts.faults().scriptStopAnswers(taskId, fault);
                TrtcClient caller = fault.equals("HANG") ? impatient : patient;
                results.add(caller.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU));
            }

            assertThat(results).extracting(Object::getClass).contains(DeleteResult.Failed.class,
                    DeleteResult.Stopped.class, DeleteResult.AlreadyStopped.class);
            List<String> secrets = List.of(SECRET_KEY, token, "wrongKeyThatMustNotLeak", "wrongTokenThatMustNotLeak");
            assertThat(results).allSatisfy(r -> assertThat(r.toString()).doesNotContain(secrets));
            assertThat(logs.list).hasSizeGreaterThanOrEqualTo(results.size())
                    .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(secrets));
        } finally {
            root.detachAppender(logs);
            clientLogger.setLevel(previous);
        }
    }

    private static TrtcClient client(TrtcClientConfig clientConfig, Credentials credentials, Clock clock) {
        return new TrtcClient(clientConfig, CredentialsProvider.fixed(credentials), http, clock);
    }

    private static void assertApiFailure(DeleteResult result, String code, FailureClass failureClass) {
        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.failureClass()).isEqualTo(failureClass);
            assertThat(failed.requestId()).isNotBlank();
            assertThat(failed.message()).isNotBlank();
        });
    }

    private static void assertTransportFailure(DeleteResult result, String code, String messagePart) {
        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(code);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.throttled()).isFalse();
            assertThat(failed.message()).isNotBlank().contains(messagePart);
        });
    }
}
