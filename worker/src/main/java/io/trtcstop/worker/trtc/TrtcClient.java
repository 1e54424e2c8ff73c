package io.trtcstop.worker.trtc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls TRTC's {@code DeleteCloudTranscription} (API 2019-07-22) over HTTPS with TC3 signatures.
 *
 * <p>Blocking and thread-safe: meant to be called from many virtual threads at once. It never throws for
 * an API or transport problem; every outcome is a {@link DeleteResult}. Each call is signed afresh with the
 * clock's current time (corrected by the {@link ClockSkew} once the API said the host clock is off) and the
 * provider's current credentials, so a retry is always a new signature.
 */
public final class TrtcClient {

    /** The signing service of this API, whatever host the endpoint names (an emulator's 127.0.0.1 too). */
    public static final String SERVICE = "trtc";
    public static final String ACTION = "DeleteCloudTranscription";
    public static final String VERSION = "2019-07-22";
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    public static final long MIN_SDK_APP_ID = 1L;
    public static final long MAX_SDK_APP_ID = 4_294_967_295L;

    static final String INVALID_SDK_APP_ID = "InvalidParameter.SdkAppId";
    static final String MISSING_TASK_ID = "MissingParameter.TaskId";
    static final String UNSUPPORTED_REGION = "UnsupportedRegion";
    static final String CREDENTIALS_UNAVAILABLE = "Credentials.Unavailable";

    private static final Logger LOG = LoggerFactory.getLogger(TrtcClient.class);

    private final TrtcClientConfig config;
    private final CredentialsProvider credentials;
    private final HttpClient http;
    private final Clock clock;
    private final URI uri;
    private final ClockSkew clockSkew;
    private final Tc3RequestSigner signer;

    public TrtcClient(TrtcClientConfig config, CredentialsProvider credentials, HttpClient http, Clock clock) {
        this(config, credentials, http, clock, new ClockSkew());
    }

    /** @param clockSkew measured from the API's clock-error answers, and applied when signing */
    public TrtcClient(TrtcClientConfig config, CredentialsProvider credentials, HttpClient http, Clock clock,
                      ClockSkew clockSkew) {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uri = config.requestUri();
        this.signer = new Tc3RequestSigner(SERVICE, config.signedHost(), config.signAction() ? ACTION : null, CONTENT_TYPE);
    }

    /**
     * An HTTP/1.1 client with the configured connect timeout that never follows redirects, and that runs its
     * internal tasks on the thread that schedules them instead of a thread pool.
     *
     * <p>Why a direct executor: with the default pool each call hops from the caller to an {@code HttpClient-Worker}
     * thread to start the exchange and again from the selector thread to a worker to read the answer; at 0 ms API
     * latency those hand-offs were most of the client's cost (bench scenario 1: 0.81 / 0.91 to 0.54 / 0.58
     * CPU-seconds per 1,000 commands). Now the caller's virtual thread sends the request and the client's one
     * selector thread parses each answer and completes the call. What that risks: whatever the client runs on
     * behalf of a call must not block, or every call on this client stalls with it. Ours do not:
     * {@link BoundedBody} only counts and collects bytes, and no dependent stage is attached to the response
     * future (the caller waits with {@code get}). TLS record work and the rare handshake task run on the selector
     * thread too, which at the API's quota (tens of calls per second) is a small fraction of one core; a
     * connection retried after its keep-alive was closed resolves the host there as well (the JDK caches it).
     */
    public static HttpClient defaultHttpClient(TrtcClientConfig config) {
        return HttpClient.newBuilder()
                .executor(Runnable::run)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Like {@link #deleteCloudTranscription(long, String, Region)} for a region given by name: a region the
     * API does not support is a permanent {@code UnsupportedRegion} failure, found without calling.
     */
    public DeleteResult deleteCloudTranscription(long sdkAppId, String taskId, String region) {
        Objects.requireNonNull(region, "region");
        return Region.find(region)
                .map(supported -> deleteCloudTranscription(sdkAppId, taskId, supported))
                .orElseGet(() -> rejected(UNSUPPORTED_REGION, Region.unsupportedMessage(region)));
    }

    /**
     * Stops a cloud transcription task. Blocks until the API answers, the request timeout passes, or the
     * thread is interrupted (then the interrupt flag is restored and a {@code Transport.Interrupted}
     * failure returned).
     *
     * @throws NullPointerException for a null taskId or region (programmer errors); bad values are
     *                              permanent failures returned without calling
     */
    public DeleteResult deleteCloudTranscription(long sdkAppId, String taskId, Region region) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(region, "region");
        if (sdkAppId < MIN_SDK_APP_ID || sdkAppId > MAX_SDK_APP_ID) {
            return rejected(INVALID_SDK_APP_ID, "SdkAppId must be in " + MIN_SDK_APP_ID + ".." + MAX_SDK_APP_ID
                    + ", was " + sdkAppId);
        }
        if (taskId.isBlank()) {
            return rejected(MISSING_TASK_ID, "TaskId must not be empty or blank");
        }
        long started = System.nanoTime();
        DeleteResult result = call(sdkAppId, taskId, region);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} SdkAppId={} TaskId={} Region={} -> {} in {} ms", ACTION, sdkAppId, taskId, region,
                    result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return result;
    }

    private DeleteResult call(long sdkAppId, String taskId, Region region) {
        if (Thread.currentThread().isInterrupted()) {
            return TransportFailure.interrupted(uri);
        }
        Credentials current;
        try {
            current = Objects.requireNonNull(credentials.current(), "the credentials provider returned null");
        } catch (RuntimeException e) {
            // The provider's message may quote what it read, so only the exception type is passed on.
            return new DeleteResult.Failed(CREDENTIALS_UNAVAILABLE, "no credentials: the credentials provider failed with "
                    + e.getClass().getSimpleName(), null, ErrorClassifier.classify(CREDENTIALS_UNAVAILABLE));
        }
        HttpRequest request = request(current, DeleteRequestBody.of(sdkAppId, taskId), region);
        try {
            // The one deadline of the call: it bounds the headers and the body, and cancels the exchange.
            HttpResponse<byte[]> answer = BoundedBody.send(http, request, BoundedBody.DEFAULT_LIMIT_BYTES,
                    config.requestTimeout());
            DeleteResult result = DeleteResponseParser.parse(answer.statusCode(), answer.body(), taskId, current);
            if (result instanceof DeleteResult.Failed failed && ErrorClassifier.isClockError(failed.code())) {
                Instant arrived = clock.instant();
                answer.headers().firstValue("Date").flatMap(ClockSkew::parseHttpDate)
                        .ifPresent(apiTime -> clockSkew.observe(apiTime, arrived, failed.code()));
            }
            return result;
        } catch (TimeoutException e) {
            return TransportFailure.timeout(uri, config.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TransportFailure.interrupted(uri);
        } catch (ExecutionException e) {
            return TransportFailure.of(e.getCause(), uri, config, current);
        }
    }

    private HttpRequest request(Credentials current, byte[] body, Region region) {
        long timestamp = clockSkew.signingTime(clock.instant()).getEpochSecond();
        String authorization = signer.authorization(current.secretId(), current.secretKey(), body, timestamp);
        // No HttpRequest.timeout: the caller's get(requestTimeout) bounds headers and body and cancels the exchange
        // (cancel(true) aborts it, closing the HTTP/1.1 connection), while the client's own per-request timer
        // cost a lock and a selector wake-up per call and covered the headers only.
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-TC-Action", ACTION)
                .header("X-TC-Version", VERSION)
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Region", region.id())
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (current.sessionToken() != null) {
            builder.header("X-TC-Token", current.sessionToken());
        }
        if (config.language() != null) {
            builder.header("X-TC-Language", config.language());
        }
        return builder.build();
    }

    private static DeleteResult.Failed rejected(String code, String message) {
        return new DeleteResult.Failed(code, message, null, ErrorClassifier.classify(code));
    }

    /** The host clock's skew from the API's, as last measured: for a metric. */
    public ClockSkew clockSkew() {
        return clockSkew;
    }

    @Override
    public String toString() {
        return "TrtcClient[" + uri + ", " + credentials + "]";
    }
}
