package io.trtcstop.worker.config;

import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.Region;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
        Map<String, String> kafkaClientProperties,
        URI trtcEndpoint,
        Region defaultRegion,
        String secretId,
        String secretKey,
        String sessionToken,
        Duration connectTimeout,
        Duration requestTimeout,
        double apiRatePerSecond,
        Duration throttlePause,
        int retryMaxAttempts,
        Duration retryMaxElapsed,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        int maxInFlight,
        int maxBufferedRecords,
        Duration commitInterval,
        int commitMaxRecords,
        Duration shutdownGrace,
        int maxCommandBytes,
        int dedupCapacity,
        Duration dedupTtl,
        Duration startupTimeout,
        String httpHost,
        int httpPort,
        String logFormat) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://trtc.intl.tencentcloudapi.com");
    public static final String CLIENT_PROPERTY_PREFIX = "KAFKA_CLIENT_";
    /** LOG_FORMAT values; logback.xml has an appender of each name. */
    public static final Set<String> LOG_FORMATS = Set.of("text", "json");
    private static final Pattern SENSITIVE_PROPERTY =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential|key\\b|\\.key|keystore\\.key).*");

    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        String bootstrap = in.required("KAFKA_BOOTSTRAP_SERVERS", "host:port of at least one Kafka broker");
        String secretId = in.required("TENCENTCLOUD_SECRET_ID", "the API key's SecretId");
        String secretKey = in.required("TENCENTCLOUD_SECRET_KEY", "the API key's SecretKey");
        Region region = Region.AP_GUANGZHOU;
        String regionText = in.raw("TRTC_REGION");
        if (regionText != null) {
            try {
                region = Region.parse(regionText);
            } catch (IllegalArgumentException e) {
                in.problem("TRTC_REGION=" + regionText + ": " + e.getMessage());
            }
        }
        Duration initialBackoff = in.duration("RETRY_INITIAL_BACKOFF", Duration.ofMillis(200));
        Duration maxBackoff = in.duration("RETRY_MAX_BACKOFF", Duration.ofSeconds(20));
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
                in.string("WORKER_INSTANCE_ID", defaultInstanceId(env)),
                clientProperties(env, in),
                in.uri("TRTC_ENDPOINT", DEFAULT_ENDPOINT),
                region,
                secretId,
                secretKey,
                in.raw("TENCENTCLOUD_SESSION_TOKEN"),
                in.duration("TRTC_CONNECT_TIMEOUT", Duration.ofSeconds(3)),
                in.duration("TRTC_REQUEST_TIMEOUT", Duration.ofSeconds(10)),
                in.decimal("TRTC_RATE_LIMIT", 20, 0.1),
                in.duration("TRTC_THROTTLE_PAUSE", Duration.ofSeconds(1)),
                in.integer("RETRY_MAX_ATTEMPTS", 8, 1, 1000),
                in.duration("RETRY_MAX_ELAPSED", Duration.ofMinutes(2)),
                initialBackoff,
                maxBackoff,
                in.integer("MAX_IN_FLIGHT", 64, 1, 10_000),
                in.integer("MAX_BUFFERED_RECORDS", 2_000, 1, 1_000_000),
                in.duration("COMMIT_INTERVAL", Duration.ofMillis(100)),
                in.integer("COMMIT_MAX_RECORDS", 500, 1, 100_000),
                in.duration("SHUTDOWN_GRACE", Duration.ofSeconds(25)),
                in.integer("MAX_COMMAND_BYTES", 64 * 1024, 64, 16 * 1024 * 1024),
                in.integer("DEDUP_CAPACITY", 100_000, 0, 10_000_000),
                in.duration("DEDUP_TTL", Duration.ofMinutes(10)),
                in.duration("STARTUP_TIMEOUT", Duration.ofSeconds(30)),
                in.string("HTTP_HOST", "0.0.0.0"),
                in.integer("HTTP_PORT", 8080, 0, 65535),
                in.string("LOG_FORMAT", "text"));
        if (!LOG_FORMATS.contains(config.logFormat())) {
            in.problem("LOG_FORMAT=" + config.logFormat() + ": must be text or json");
        }
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigException(in.problems());
        }
        return config;
    }

    /**
     * Extra Kafka client properties: {@code KAFKA_CLIENT_PROPERTIES_FILE} (a properties file), then every
     * {@code KAFKA_CLIENT_<NAME>} variable as property {@code <name>} with '_' read as '.'
     * (e.g. {@code KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL}); variables win over the file.
     */
    private static Map<String, String> clientProperties(Map<String, String> env, EnvReader in) {
        Map<String, String> props = new TreeMap<>();
        String file = in.raw("KAFKA_CLIENT_PROPERTIES_FILE");
        if (file != null) {
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                loaded.load(reader);
                loaded.stringPropertyNames().forEach(name -> props.put(name, loaded.getProperty(name)));
            } catch (IOException e) {
                in.problem("KAFKA_CLIENT_PROPERTIES_FILE=" + file + " cannot be read: " + e.getMessage());
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(CLIENT_PROPERTY_PREFIX) && !name.equals("KAFKA_CLIENT_PROPERTIES_FILE")) {
                String property = name.substring(CLIENT_PROPERTY_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                if (!property.isEmpty()) {
                    props.put(property, value);
                }
            }
        });
        return Map.copyOf(props);
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

    /** The Kafka transactional.id: stable per instance, so a restarted instance fences its predecessor's work. */
    public String transactionalId() {
        return consumerGroup + "-" + instanceId;
    }

    static boolean isSensitive(String property) {
        return SENSITIVE_PROPERTY.matcher(property).matches();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("configuration:\n");
        line(s, "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        line(s, "STOP_TOPIC", stopTopic);
        line(s, "OUTCOME_TOPIC", outcomeTopic);
        line(s, "DLQ_TOPIC", deadLetterTopic);
        line(s, "CONSUMER_GROUP", consumerGroup);
        line(s, "WORKER_INSTANCE_ID", instanceId + " (transactional.id " + transactionalId() + ")");
        kafkaClientProperties.forEach((k, v) -> line(s, "kafka client " + k, isSensitive(k) ? "[redacted]" : v));
        line(s, "TRTC_ENDPOINT", trtcEndpoint);
        line(s, "TRTC_REGION (default)", defaultRegion.id());
        line(s, "TENCENTCLOUD_SECRET_ID", secretId == null ? "(unset)" : Credentials.maskSecretId(secretId));
        line(s, "TENCENTCLOUD_SECRET_KEY", secretKey == null ? "(unset)" : "[redacted]");
        line(s, "TENCENTCLOUD_SESSION_TOKEN", sessionToken == null ? "(unset)" : "[redacted]");
        line(s, "TRTC_CONNECT_TIMEOUT / TRTC_REQUEST_TIMEOUT", connectTimeout + " / " + requestTimeout);
        line(s, "TRTC_RATE_LIMIT", apiRatePerSecond + " requests/s (this instance)");
        line(s, "TRTC_THROTTLE_PAUSE", throttlePause);
        line(s, "RETRY_MAX_ATTEMPTS / RETRY_MAX_ELAPSED", retryMaxAttempts + " / " + retryMaxElapsed);
        line(s, "RETRY_INITIAL_BACKOFF / RETRY_MAX_BACKOFF", retryInitialBackoff + " / " + retryMaxBackoff);
        line(s, "MAX_IN_FLIGHT / MAX_BUFFERED_RECORDS", maxInFlight + " / " + maxBufferedRecords);
        line(s, "COMMIT_INTERVAL / COMMIT_MAX_RECORDS", commitInterval + " / " + commitMaxRecords);
        line(s, "SHUTDOWN_GRACE", shutdownGrace);
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
