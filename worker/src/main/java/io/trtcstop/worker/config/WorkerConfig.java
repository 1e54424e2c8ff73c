package io.trtcstop.worker.config;

import io.trtcstop.worker.credentials.CredentialSettings;
import io.trtcstop.worker.credentials.CvmRole;
import io.trtcstop.worker.credentials.TkeOidc;
import io.trtcstop.worker.trtc.Region;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the worker needs to start, read from environment variables and validated as a whole: a bad
 * configuration fails with one message per problem. {@link #toString()} is safe to log: secrets are redacted.
 */
public record WorkerConfig(
        String bootstrapServers,
        String stopTopic,
        String outcomeTopic,
        String deadLetterTopic,
        String consumerGroup,
        String instanceId,
        boolean staticMembership,
        Map<String, String> kafkaClientProperties,
        URI trtcEndpoint,
        Region defaultRegion,
        CredentialSettings credentials,
        Duration connectTimeout,
        Duration requestTimeout,
        double apiRatePerSecond,
        double accountRatePerSecond,
        Duration throttlePause,
        int breakerFailureRatePercent,
        Duration breakerOpenDuration,
        int retryMaxAttempts,
        Duration retryMaxElapsed,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        int maxInFlight,
        int maxBufferedRecords,
        long maxBufferedBytes,
        Duration commitInterval,
        int commitMaxRecords,
        Duration shutdownGrace,
        boolean leaveGroupOnShutdown,
        int maxCommandBytes,
        int dedupCapacity,
        Duration dedupTtl,
        Duration startupTimeout,
        String httpHost,
        int httpPort,
        String logFormat,
        boolean allowCleartextEndpoints) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://trtc.intl.tencentcloudapi.com");
    public static final String CLIENT_PROPERTY_PREFIX = KafkaClientProperties.PREFIX;
    /** LOG_FORMAT values; logback.xml has an appender of each name. */
    public static final Set<String> LOG_FORMATS = Set.of("text", "json");

    /** The configuration of {@code run}: the credential settings must name a usable source. */
    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, true);
    }

    /**
     * @param requireCredentials false for commands that never call the API: credential settings are then read
     *                           (and checked for syntax) but a missing key is no problem
     */
    public static WorkerConfig fromEnvironment(Map<String, String> env, boolean requireCredentials) {
        EnvReader in = new EnvReader(env);
        String bootstrap = in.required("KAFKA_BOOTSTRAP_SERVERS", "host:port of at least one Kafka broker");
        CredentialSettings credentials = credentialSettings(env, in);
        boolean allowCleartext = in.bool(ApiEndpoints.ALLOW_CLEARTEXT, false);
        if (requireCredentials) {
            credentials.problems().forEach(in::problem);
        }
        Region region = Region.AP_GUANGZHOU;
        String regionText = in.raw("TRTC_REGION");
        if (regionText != null) {
            try {
                region = Region.parse(regionText);
            } catch (IllegalArgumentException e) {
                in.problem("TRTC_REGION=" + regionText + ": " + e.getMessage());
            }
        }
        String staticId = in.raw("WORKER_INSTANCE_ID");
        Duration initialBackoff = in.duration("RETRY_INITIAL_BACKOFF", Duration.ofMillis(200), Duration.ZERO, Duration.ofMinutes(1));
        Duration maxBackoff = in.duration("RETRY_MAX_BACKOFF", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(10));
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            in.problem("RETRY_MAX_BACKOFF (" + maxBackoff + ") must not be shorter than RETRY_INITIAL_BACKOFF ("
                    + initialBackoff + ")");
        }
        WorkerConfig config = new WorkerConfig(
                bootstrap,
                in.string("STOP_TOPIC", "transcription.stop"),
                in.string("OUTCOME_TOPIC", "transcription.stop.outcome"),
                in.string("DLQ_TOPIC", "transcription.stop.dlq"),
                in.string("CONSUMER_GROUP", "trtc-stop-worker"),
                staticId != null ? staticId : defaultInstanceId(env) + "-" + processSuffix(),
                staticId != null,
                KafkaClientProperties.read(env, in),
                in.uri("TRTC_ENDPOINT", DEFAULT_ENDPOINT),
                region,
                credentials,
                in.duration("TRTC_CONNECT_TIMEOUT", Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMinutes(5)),
                in.duration("TRTC_REQUEST_TIMEOUT", Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMinutes(10)),
                in.raw("TRTC_RATE_LIMIT") == null ? 0 : in.decimal("TRTC_RATE_LIMIT", 20, 0.1),
                in.decimal("TRTC_ACCOUNT_RATE_LIMIT", 20, 0.1),
                in.duration("TRTC_THROTTLE_PAUSE", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)),
                in.integer("BREAKER_FAILURE_RATE", 80, 1, 100),
                in.duration("BREAKER_OPEN_DURATION", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10)),
                in.integer("RETRY_MAX_ATTEMPTS", 8, 1, 1000),
                in.duration("RETRY_MAX_ELAPSED", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(24)),
                initialBackoff,
                maxBackoff,
                in.integer("MAX_IN_FLIGHT", 64, 1, 10_000),
                in.integer("MAX_BUFFERED_RECORDS", 2_000, 1, 1_000_000),
                in.integer("MAX_BUFFERED_MB", 64, 1, 64 * 1024) * 1024L * 1024L,
                in.duration("COMMIT_INTERVAL", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMinutes(1)),
                in.integer("COMMIT_MAX_RECORDS", 500, 1, 100_000),
                in.duration("SHUTDOWN_GRACE", Duration.ofSeconds(20), Duration.ZERO, Duration.ofHours(1)),
                staticId == null || in.bool("LEAVE_GROUP_ON_SHUTDOWN", false),
                in.integer("MAX_COMMAND_BYTES", 64 * 1024, 64, 16 * 1024 * 1024),
                in.integer("DEDUP_CAPACITY", 100_000, 0, 10_000_000),
                in.duration("DEDUP_TTL", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(24)),
                in.startupTimeout(),
                in.string("HTTP_HOST", "0.0.0.0"),
                in.integer("HTTP_PORT", 8080, 0, 65535),
                in.string("LOG_FORMAT", "text"),
                allowCleartext);
        ApiEndpoints.checkConfidential(in, "TRTC_ENDPOINT", config.trtcEndpoint(), allowCleartext);
        ApiEndpoints.checkConfidential(in, "TENCENTCLOUD_STS_ENDPOINT", credentials.stsEndpoint(), allowCleartext);
        ApiEndpoints.checkMetadata(in, "TENCENTCLOUD_METADATA_ENDPOINT", credentials.metadataEndpoint());
        if (!LOG_FORMATS.contains(config.logFormat())) {
            in.problem("LOG_FORMAT=" + config.logFormat() + ": must be text or json");
        }
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigException(in.problems());
        }
        return config;
    }

    /** The credential chain's settings (see {@link CredentialSettings}; the README lists them). */
    private static CredentialSettings credentialSettings(Map<String, String> env, EnvReader in) {
        CredentialSettings.Source source = CredentialSettings.Source.AUTO;
        String sourceText = in.raw("TENCENTCLOUD_CREDENTIALS_SOURCE");
        if (sourceText != null) {
            source = CredentialSettings.Source.parse(sourceText).orElse(null);
            if (source == null) {
                in.problem("TENCENTCLOUD_CREDENTIALS_SOURCE=" + sourceText + ": use one of "
                        + CredentialSettings.Source.choices());
                source = CredentialSettings.Source.AUTO;
            }
        }
        Path home = in.path("HOME", Path.of(System.getProperty("user.home")));
        Duration refresh = in.duration("TENCENTCLOUD_CREDENTIALS_REFRESH", CredentialSettings.DEFAULT_REFRESH_INTERVAL,
                Duration.ofMillis(100), Duration.ofHours(1));
        return new CredentialSettings(
                source,
                new CredentialSettings.EnvironmentKeys(in.raw("TENCENTCLOUD_SECRET_ID"), in.raw("TENCENTCLOUD_SECRET_KEY"),
                        in.raw("TENCENTCLOUD_SESSION_TOKEN")),
                path(in, "TENCENTCLOUD_CREDENTIALS_DIR"),
                path(in, "TENCENTCLOUD_CREDENTIALS_FILE"),
                home.resolve(".tencentcloud").resolve("credentials"),
                new CredentialSettings.TkeVariables(in.raw("TKE_REGION"), in.raw("TKE_PROVIDER_ID"),
                        path(in, "TKE_WEB_IDENTITY_TOKEN_FILE"), in.raw("TKE_ROLE_ARN")),
                in.uri("TENCENTCLOUD_STS_ENDPOINT", TkeOidc.DEFAULT_STS_ENDPOINT),
                in.uri("TENCENTCLOUD_METADATA_ENDPOINT", CvmRole.DEFAULT_METADATA_ENDPOINT),
                in.raw("TENCENTCLOUD_CVM_ROLE"),
                refresh);
    }

    private static Path path(EnvReader in, String name) {
        return in.path(name, null);
    }

    private static String defaultInstanceId(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "trtc-stop-worker";
        }
    }

    /** A suffix unique to this process, so instances without WORKER_INSTANCE_ID never share an id. */
    private static String processSuffix() {
        return Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(new java.security.SecureRandom().nextInt(1 << 20), 36);
    }

    /**
     * The endpoints in use that get credentials or signed requests over cleartext ({@code name=url}), which only
     * {@code ALLOW_CLEARTEXT_ENDPOINTS} permits: to be logged as a warning at every start.
     */
    public List<String> cleartextEndpoints() {
        List<String> cleartext = new ArrayList<>();
        if (ApiEndpoints.isCleartext(trtcEndpoint)) {
            cleartext.add("TRTC_ENDPOINT=" + trtcEndpoint);
        }
        if (credentials.chosenSource() == CredentialSettings.Source.TKE_OIDC && ApiEndpoints.isCleartext(credentials.stsEndpoint())) {
            cleartext.add("TENCENTCLOUD_STS_ENDPOINT=" + credentials.stsEndpoint());
        }
        return cleartext;
    }

    /** How the TRTC client reaches the API; the reader has checked everything this checks again. */
    public TrtcClientConfig trtcClientConfig() {
        return new TrtcClientConfig(trtcEndpoint, connectTimeout, requestTimeout, null, true);
    }

    /** True when this instance paces itself to a fixed rate (TRTC_RATE_LIMIT) instead of sharing the account's. */
    public boolean fixedRate() {
        return apiRatePerSecond > 0;
    }

    /**
     * The Kafka transactional.id. With WORKER_INSTANCE_ID it is stable, so a restarted instance fences its
     * predecessor's open transaction at once; without, it is unique to the process, and zombies are fenced through
     * the group generation instead (KIP-447), and a crashed one's open transaction is aborted by the members that
     * see it leave the group ({@code kafka.AbandonedTransactions}).
     */
    public String transactionalId() {
        return transactionalId(consumerGroup, instanceId);
    }

    /** The transactional.id of instance {@code instanceId} of group {@code consumerGroup}. */
    public static String transactionalId(String consumerGroup, String instanceId) {
        return consumerGroup + "-" + instanceId;
    }

    static boolean isSensitive(String property) {
        return KafkaClientProperties.isSensitive(property);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("configuration:\n");
        line(s, "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        line(s, "STOP_TOPIC", stopTopic);
        line(s, "OUTCOME_TOPIC", outcomeTopic);
        line(s, "DLQ_TOPIC", deadLetterTopic);
        line(s, "CONSUMER_GROUP", consumerGroup);
        line(s, "WORKER_INSTANCE_ID", (staticMembership ? instanceId + " (static membership" : "(unset: dynamic membership, this process is " + instanceId)
                + "; transactional.id " + transactionalId() + ")");
        kafkaClientProperties.forEach((k, v) -> line(s, "kafka client " + k, isSensitive(k) ? "[redacted]" : v));
        line(s, "TRTC_ENDPOINT", trtcEndpoint);
        line(s, "ALLOW_CLEARTEXT_ENDPOINTS", allowCleartextEndpoints);
        line(s, "TRTC_REGION (default)", defaultRegion.id());
        credentials.printable().forEach((name, value) -> line(s, name, value));
        line(s, "TRTC_CONNECT_TIMEOUT / TRTC_REQUEST_TIMEOUT", connectTimeout + " / " + requestTimeout);
        line(s, "TRTC_ACCOUNT_RATE_LIMIT / TRTC_RATE_LIMIT", accountRatePerSecond + " requests/s for the group / "
                + (fixedRate() ? apiRatePerSecond + " requests/s fixed for this instance" : "(unset: a share of the account's)"));
        line(s, "TRTC_THROTTLE_PAUSE", throttlePause);
        line(s, "BREAKER_FAILURE_RATE / BREAKER_OPEN_DURATION", breakerFailureRatePercent + "% / " + breakerOpenDuration);
        line(s, "RETRY_MAX_ATTEMPTS / RETRY_MAX_ELAPSED", retryMaxAttempts + " / " + retryMaxElapsed);
        line(s, "RETRY_INITIAL_BACKOFF / RETRY_MAX_BACKOFF", retryInitialBackoff + " / " + retryMaxBackoff);
        line(s, "MAX_IN_FLIGHT / MAX_BUFFERED_RECORDS / MAX_BUFFERED_MB", maxInFlight + " / " + maxBufferedRecords
                + " / " + maxBufferedBytes / (1024 * 1024));
        line(s, "COMMIT_INTERVAL / COMMIT_MAX_RECORDS", commitInterval + " / " + commitMaxRecords);
        line(s, "SHUTDOWN_GRACE / LEAVE_GROUP_ON_SHUTDOWN", shutdownGrace + " / " + leaveGroupOnShutdown);
        line(s, "MAX_COMMAND_BYTES", maxCommandBytes);
        line(s, "DEDUP_CAPACITY / DEDUP_TTL", dedupCapacity + " / " + dedupTtl);
        line(s, "STARTUP_TIMEOUT", startupTimeout);
        line(s, "HTTP_HOST / HTTP_PORT", httpHost + " / " + httpPort);
        line(s, "LOG_FORMAT", logFormat);
        return s.toString();
    }

    private static void line(StringBuilder s, String name, Object value) {
        s.append("  ").append(name).append(" = ").append(value).append('\n');
    }
}
