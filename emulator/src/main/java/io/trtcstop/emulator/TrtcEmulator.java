package io.trtcstop.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * A local stand-in for Tencent Cloud's TRTC API 3.0 endpoint: it checks TC3-HMAC-SHA256 signatures, the
 * action, version, region and parameters like the real API, keeps a registry of transcription tasks, enforces a
 * per-action rate limit, and injects latency and faults on demand. Also serves a JSON admin API under
 * {@code /admin/}.
 *
 * <pre>{@code
 * try (TrtcEmulator trtc = TrtcEmulator.builder().credentials("AKID...", "secret").build().start()) {
 *     String taskId = trtc.createTask(1400000000L, "room-1");
 *     // point the client at trtc.endpoint() ...
 * }
 * }</pre>
 */
public final class TrtcEmulator implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final String host;
    private final int requestedPort;
    private final Duration hangDuration;
    private final TaskRegistry registry;
    private final StopCallLedger ledger = new StopCallLedger();
    private final CallStats stats = new CallStats();
    private final RequestQuota quota;
    private final CallsPerSecond callsPerSecond;
    private final FaultPlan faults;
    private final Lifetime lifetime = new Lifetime();
    private final ApiEndpoint apiEndpoint;
    private final KeyRing keys;
    private final KeyRing.Key initialKey;
    private final TemporaryCredentials temporaryCredentials;
    private final OffsetClock clock;

    private HttpServer server;
    private ExecutorService executor;
    private FaultSettings faultsAtStart = FaultSettings.NONE;
    private int rateLimitAtStart;
    private Duration clockOffsetAtStart = Duration.ZERO;

    private TrtcEmulator(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.hangDuration = builder.hangDuration;
        RandomSource random = new RandomSource(builder.random);
        this.clock = new OffsetClock(builder.clock, builder.clockOffset);
        this.registry = new TaskRegistry(new TaskIdGenerator(random));
        this.quota = new RequestQuota(clock, builder.rateLimitPerSecond);
        this.callsPerSecond = new CallsPerSecond(clock);
        this.faults = new FaultPlan(random, FaultSettings.NONE);
        this.keys = new KeyRing(clock, random);
        keys.addPermanent(builder.secretId, builder.secretKey, builder.sessionToken);
        this.initialKey = keys.find(builder.secretId);
        this.temporaryCredentials = new TemporaryCredentials(keys, builder.temporaryLifetimeCap, builder.oidcProviderId,
                builder.oidcRoleArn, builder.webIdentityToken, builder.cvmRole);
        this.apiEndpoint = new ApiEndpoint(new SignatureVerifier(keys, clock),
                new AssumeRoleWithWebIdentity(temporaryCredentials),
                List.of(new CreateCloudTranscription(registry), new DeleteCloudTranscription(registry, ledger),
                        new DescribeCloudTranscription(registry)),
                quota, faults, ledger, stats, random, lifetime, hangDuration, callsPerSecond);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; the fault plan and rate limit as they are now are what {@link #reset()} returns to. */
    public synchronized TrtcEmulator start() {
        if (server != null) {
            throw new IllegalStateException("the emulator is already started");
        }
        // The JDK server writes response headers and body separately; without TCP_NODELAY a client's delayed ACK
        // can add ~40 ms per call. Read once, when the JDK's server configuration first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        faultsAtStart = faults.settings();
        rateLimitAtStart = quota.limit();
        clockOffsetAtStart = clock.offset();
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(host, requestedPort), BACKLOG);
            executor = Executors.newVirtualThreadPerTaskExecutor();
            created.setExecutor(executor);
            created.createContext("/", apiEndpoint);
            created.createContext("/admin", new AdminEndpoint(this));
            created.createContext(InstanceMetadataEndpoint.PATH, new InstanceMetadataEndpoint(temporaryCredentials, stats));
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, e);
        }
        return this;
    }

    /** The base URL to send API calls to, e.g. {@code http://127.0.0.1:8089}. */
    public synchronized URI endpoint() {
        InetSocketAddress bound = address();
        String endpointHost = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : host;
        try {
            return new URI("http", null, endpointHost, port(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URL for " + endpointHost + ":" + port(), e);
        }
    }

    public synchronized int port() {
        return address().getPort();
    }

    private InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("the emulator is not started");
        }
        return server.getAddress();
    }

    /** Stops listening at once; calls waiting on latency or hanging are released and get no answer. */
    @Override
    public synchronized void close() {
        lifetime.end();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Registers a running task, as a successful CreateCloudTranscription would, and returns its TaskId. */
    public String createTask(long sdkAppId, String roomId) {
        return registry.create(sdkAppId, roomId);
    }

    public TaskState taskState(String taskId) {
        return registry.state(taskId);
    }

    /**
     * How many DeleteCloudTranscription calls for this TaskId passed the API's checks (signature, rate limit,
     * parameters) and reached the task, whatever they were answered (success, ResourceNotFound, injected fault).
     */
    public int stopCallCount(String taskId) {
        return ledger.reachedCount(taskId);
    }

    /** How many DeleteCloudTranscription calls stopped this task (at most 1 unless {@link #reset()} intervened). */
    public int successfulStopCount(String taskId) {
        return ledger.stoppedCount(taskId);
    }

    /**
     * How many times a stop call arrived while another stop call for the same TaskId was still being handled
     * (from its arrival until its answer was ready, latency included). A client that keeps calls for one TaskId
     * in order never causes one.
     */
    public long overlappingStopCalls() {
        return ledger.overlapping();
    }

    /** Stop calls being handled right now (arrived, answer not yet ready). */
    public int inFlightStopCalls() {
        return ledger.inFlight();
    }

    /** API calls by X-TC-Action and outcome: "OK", the error code, or a transport fault such as "HTTP_503". */
    public Map<String, Map<String, Long>> callsByActionAndCode() {
        return stats.snapshot();
    }

    /** Shorthand for one entry of {@link #callsByActionAndCode()}; 0 when there is none. */
    public long callCount(String action, String code) {
        return stats.count(action, code);
    }

    /**
     * Per action and second of the rate limit's clock: calls it accepted and calls it refused with
     * RequestLimitExceeded (the last hour). Accepted never exceeds the limit; accepted + throttled is what
     * clients offered in that second.
     */
    public CallsPerSecond callsPerSecond() {
        return callsPerSecond;
    }

    public FaultPlan faults() {
        return faults;
    }

    public int rateLimitPerSecond() {
        return quota.limit();
    }

    /** How far the emulator's clock is from its host's: positive when the API's clock is ahead. */
    public Duration clockOffset() {
        return clock.offset();
    }

    /**
     * Moves the emulator's clock away from its host's at run time (the rate limit's windows, the per-second
     * counts, signature expiry). The HTTP {@code Date} header is the JDK server's and stays on the host's clock.
     */
    public TrtcEmulator clockOffset(Duration offset) {
        clock.offset(offset);
        return this;
    }

    /** Changes the per-action limit at run time; 0 turns it off. */
    public TrtcEmulator rateLimitPerSecond(int requestsPerSecond) {
        quota.limit(requestsPerSecond);
        return this;
    }

    /**
     * Forgets all tasks, counters, scripts and issued temporary keys; the fault plan, rate limit, clock offset and
     * accepted keys return to their values at start.
     */
    public void reset() {
        registry.clear();
        keys.resetTo(initialKey);
        ledger.clear();
        stats.clear();
        callsPerSecond.clear();
        quota.clear();
        quota.limit(rateLimitAtStart);
        clock.offset(clockOffsetAtStart);
        faults.replace(faultsAtStart, Map.of());
        faults.answerDelay(java.time.Duration.ZERO);
    }

    /** Accepts another permanent key pair too, as a second key of the account would be (a rotation's first step). */
    public TrtcEmulator addKey(String secretId, String secretKey) {
        requireText(secretId, "secretId");
        requireText(secretKey, "secretKey");
        keys.addPermanent(secretId, secretKey, null);
        return this;
    }

    /** Stops accepting a key: calls signed with it are answered {@code AuthFailure.SecretIdNotFound}. */
    public TrtcEmulator revokeKey(String secretId) {
        keys.revoke(secretId);
        return this;
    }

    /**
     * Ends every temporary key issued so far (by STS or the instance metadata) now: calls signed with one are
     * answered {@code AuthFailure.TokenFailure}, as when temporary credentials expire. Returns how many ended.
     */
    public int expireTemporaryCredentials() {
        return keys.expireTemporaryKeys();
    }

    /** From now on STS accepts only these web identity tokens (the projected token was rotated). */
    public TrtcEmulator webIdentityTokens(String... tokens) {
        temporaryCredentials.webIdentityTokens(Set.of(tokens));
        return this;
    }

    /** The base URL of the instance-metadata paths (what {@code http://metadata.tencentyun.com} is on a CVM). */
    public URI metadataEndpoint() {
        return endpoint();
    }

    TaskRegistry registry() {
        return registry;
    }

    /** Configures an emulator; only {@link #credentials} is required. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port;
        private String secretId;
        private String secretKey;
        private String sessionToken;
        private int rateLimitPerSecond = 20;
        private Clock clock = Clock.systemUTC();
        private Duration clockOffset = Duration.ZERO;
        private RandomGenerator random;
        private Duration hangDuration = Duration.ofMinutes(10);
        private Duration temporaryLifetimeCap;
        private String oidcProviderId;
        private String oidcRoleArn;
        private String webIdentityToken;
        private String cvmRole;

        private Builder() {
        }

        /**
         * Lets STS {@code AssumeRoleWithWebIdentity} issue temporary credentials to callers that name this
         * identity provider and role and present this web identity token (see {@link #webIdentityTokens}).
         */
        public Builder oidc(String providerId, String roleArn, String webIdentityToken) {
            requireText(providerId, "providerId");
            requireText(roleArn, "roleArn");
            requireText(webIdentityToken, "webIdentityToken");
            this.oidcProviderId = providerId;
            this.oidcRoleArn = roleArn;
            this.webIdentityToken = webIdentityToken;
            return this;
        }

        /** Serves this CAM role's temporary credentials on the instance-metadata paths, as a CVM with a role does. */
        public Builder cvmRole(String roleName) {
            requireText(roleName, "roleName");
            if (roleName.contains("/")) {
                throw new IllegalArgumentException("roleName must not contain '/'");
            }
            this.cvmRole = roleName;
            return this;
        }

        /**
         * The longest life of temporary credentials (default: what the caller asks for, 2 hours for instance
         * metadata); a few seconds lets a test watch them expire.
         */
        public Builder temporaryCredentialLifetime(Duration cap) {
            if (cap.isNegative() || cap.isZero()) {
                throw new IllegalArgumentException("the temporary credential lifetime must be positive");
            }
            this.temporaryLifetimeCap = cap;
            return this;
        }

        /** The address to listen on; default 127.0.0.1 (0.0.0.0 listens on every interface). */
        public Builder host(String host) {
            if (Objects.requireNonNull(host, "host").isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** Default 0: a free port, see {@link TrtcEmulator#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /** The only key pair whose signatures are accepted. */
        public Builder credentials(String secretId, String secretKey) {
            this.secretId = secretId;
            this.secretKey = secretKey;
            return this;
        }

        /** Makes the credentials temporary: every call must then carry this token in X-TC-Token. */
        public Builder sessionToken(String sessionToken) {
            this.sessionToken = sessionToken;
            return this;
        }

        /** Requests per second per action (default 20, the API's); 0 turns the limit off. */
        public Builder rateLimitPerSecond(int requestsPerSecond) {
            if (requestsPerSecond < 0) {
                throw new IllegalArgumentException("the rate limit must be 0 (off) or more but was "
                        + requestsPerSecond);
            }
            this.rateLimitPerSecond = requestsPerSecond;
            return this;
        }

        /** Decides signature expiry and rate-limit windows; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The emulator's clock this far ahead of {@link #clock} (negative: behind); default none. */
        public Builder clockOffset(Duration offset) {
            this.clockOffset = Objects.requireNonNull(offset, "offset");
            return this;
        }

        /** Decides TaskIds, latency jitter and random faults; seed it for reproducible runs. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** How long a hanging call waits before its connection is closed; default 10 minutes. */
        public Builder hangDuration(Duration hangDuration) {
            if (hangDuration.isNegative()) {
                throw new IllegalArgumentException("the hang duration must not be negative");
            }
            this.hangDuration = hangDuration;
            return this;
        }

        public TrtcEmulator build() {
            if (secretId == null || secretKey == null) {
                throw new IllegalStateException("credentials(secretId, secretKey) is required");
            }
            requireText(secretId, "secretId");
            requireText(secretKey, "secretKey");
            if (random == null) {
                random = new SplittableRandom();
            }
            return new TrtcEmulator(this);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
