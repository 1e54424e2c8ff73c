package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.trtcstop.worker.docs.RecordingEnvironment;
import io.trtcstop.worker.engine.OutageBreaker;
import io.trtcstop.worker.engine.RetryPolicy;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The configuration readers (the worker's and the DLQ tools') over generated values of every variable they read:
 * the answer is always either a configuration the worker can start with, or an {@link InvalidConfigException}
 * whose problems are one printable line each; never another exception. Seeded, so a failure repeats; the seed and
 * the environment are in the message.
 */
class WorkerConfigPropertyTest {

    private static final long SEED = 0x18_2026_12_07L;
    private static final int VALUES_PER_VARIABLE = 120;
    private static final int MIXED_ENVIRONMENTS = 1_000;
    private static final int MAX_PROBLEM_CHARS = 400;

    /** Pieces that real and hostile values are made of: numbers at the edges, units, URL parts, control characters. */
    private static final List<String> PIECES = List.of(
            "0", "1", "7", "64", "100", "999", "65535", "65536", "2147483647", "2147483648", "9223372036854775807",
            "9223372036854775808", "99999999999999999999999", "-1", "+5", "0.1", "1e3", "NaN", "Infinity", "٣",
            "ms", "s", "m", "h", "d", "us", " ", "\t", "\n", "\r", "\u0000", "\u001b[31m", "\u2028", "\u202e", "\u00a0",
            "http://", "https://", "ftp://", "//", "user:pw@", "secret@", "127.0.0.1", "127.9.9.9", "localhost", "[::1]",
            "::1", "example.com", "evil.example", "trtc.intl.tencentcloudapi.com", "metadata.tencentyun.com",
            "169.254.0.23", "sts.tencentcloudapi.com", ":8089", ":0", ":99999", "/", "/path", "?q=1", "#frag", "%zz",
            "[", "]", "@", "..", "a_b", "true", "false", "yes", "no", "TRUE", "json", "text", "auto", "env", "files",
            "profile", "tke-oidc", "cvm-role", "ap-guangzhou", "ap-hongkong", "mars-1", "/tmp", "/nonexistent/x",
            "role-1", "../admin", "AKID", "é", "😀", ",", ";", "=", "\"", "'", "\\");

    private final Random random = new Random(SEED);

    @Test
    void everyVariableAloneGivesAValidConfigurationOrOneLineProblems() {
        Set<String> variables = variablesRead();
        assertThat(variables).as("the variables the reader asks for").hasSizeGreaterThan(40)
                .contains("TRTC_ENDPOINT", "TRTC_REQUEST_TIMEOUT", "TENCENTCLOUD_METADATA_ENDPOINT", "HOME");
        System.out.printf("configuration readers: %d variables x %d generated values (seed %d)%n", variables.size(),
                VALUES_PER_VARIABLE, SEED);
        for (String variable : variables) {
            for (int i = 0; i < VALUES_PER_VARIABLE; i++) {
                Map<String, String> env = WorkerConfigTest.minimal();
                env.put(variable, value());
                check(env);
            }
        }
    }

    @Test
    void manyVariablesAtOnceGiveAValidConfigurationOrOneLineProblems() {
        List<String> variables = List.copyOf(variablesRead());
        for (int i = 0; i < MIXED_ENVIRONMENTS; i++) {
            Map<String, String> env = WorkerConfigTest.minimal();
            for (String variable : variables) {
                if (random.nextInt(4) == 0) {
                    env.put(variable, value());
                }
            }
            check(env);
        }
    }

    private static void check(Map<String, String> env) {
        for (boolean requireCredentials : new boolean[] {true, false}) {
            WorkerConfig config;
            try {
                config = WorkerConfig.fromEnvironment(env, requireCredentials);
            } catch (InvalidConfigException e) {
                assertOneLineProblems(e, env);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + ": " + e + " instead of a configuration error for " + shown(env), e);
            }
            assertStartable(config, env);
        }
        try {
            ReplayConfig.fromEnvironment(env).startupTimeout().toNanos();
        } catch (InvalidConfigException e) {
            assertOneLineProblems(e, env);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + SEED + ": the DLQ tools' reader threw " + e + " for " + shown(env), e);
        }
    }

    private static void assertOneLineProblems(InvalidConfigException e, Map<String, String> env) {
        assertThat(e.problems()).as("problems for %s", shown(env)).isNotEmpty();
        for (String problem : e.problems()) {
            assertThat(problem).as("a problem line for %s", shown(env))
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(MAX_PROBLEM_CHARS);
            if (problem.matches("[A-Z_]+_ENDPOINT=.*")) {
                assertThat(problem).as("an endpoint's user info for %s", shown(env)).doesNotContain("user:pw@", "secret@");
            }
            problem.codePoints().forEach(c -> {
                if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202e) {
                    fail("problem line with U+%04X for %s: %s", c, shown(env), problem);
                }
            });
        }
    }

    /** What the worker builds from a configuration must accept it: no exception later, on the first call. */
    private static void assertStartable(WorkerConfig config, Map<String, String> env) {
        try {
            for (RecordComponent component : WorkerConfig.class.getRecordComponents()) {
                if (component.getType() == Duration.class) {
                    Duration d = (Duration) component.getAccessor().invoke(config);
                    assertThat(d.isNegative()).as("%s negative for %s", component.getName(), shown(env)).isFalse();
                    d.toNanos();
                }
            }
            config.credentials().refreshInterval().toNanos();
            new TrtcClientConfig(config.trtcEndpoint(), config.connectTimeout(), config.requestTimeout(), null, true);
            new RetryPolicy(config.retryMaxAttempts(), config.retryMaxElapsed(), config.retryInitialBackoff(),
                    config.retryMaxBackoff());
            new OutageBreaker.Settings(20, 10, config.breakerFailureRatePercent(), config.breakerOpenDuration());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AssertionError("seed " + SEED + ": accepted, but unusable: " + e + " for " + shown(env), e);
        }
        for (URI endpoint : List.of(config.trtcEndpoint(), config.credentials().stsEndpoint(),
                config.credentials().metadataEndpoint())) {
            assertThat(endpoint.getRawUserInfo()).as("user info of %s for %s", endpoint, shown(env)).isNull();
        }
        boolean cleartextAllowed = "true".equalsIgnoreCase(String.valueOf(env.get("ALLOW_CLEARTEXT_ENDPOINTS")).strip());
        for (URI endpoint : List.of(config.trtcEndpoint(), config.credentials().stsEndpoint())) {
            if (!cleartextAllowed) {
                assertThat("https".equals(endpoint.getScheme()) || ApiEndpointsTest.isLoopback(endpoint.getHost()))
                        .as("%s is https or loopback for %s", endpoint, shown(env)).isTrue();
            }
        }
        URI metadata = config.credentials().metadataEndpoint();
        assertThat(metadata.getHost().equalsIgnoreCase("metadata.tencentyun.com") || ApiEndpointsTest.isLoopback(metadata.getHost()))
                .as("the metadata endpoint %s for %s", metadata, shown(env)).isTrue();
    }

    /** One generated value: one to five pieces, or random characters. */
    private String value() {
        if (random.nextInt(5) == 0) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                s.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x3000));
            }
            return s.toString();
        }
        StringBuilder s = new StringBuilder();
        int pieces = 1 + random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            s.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return s.toString();
    }

    /** The variables the reader asks for, learnt from the reader itself (some only in some configurations). */
    private static Set<String> variablesRead() {
        Set<String> names = new TreeSet<>();
        Map<String, String> staticMember = new HashMap<>(WorkerConfigTest.minimal());
        staticMember.put("WORKER_INSTANCE_ID", "pod-0");
        staticMember.put("TRTC_RATE_LIMIT", "5");
        for (Map<String, String> base : List.of(WorkerConfigTest.minimal(), staticMember)) {
            RecordingEnvironment env = new RecordingEnvironment(base);
            WorkerConfig.fromEnvironment(env, true);
            names.addAll(env.asked());
            RecordingEnvironment tools = new RecordingEnvironment(base);
            ReplayConfig.fromEnvironment(tools);
            names.addAll(tools.asked());
        }
        names.add("KAFKA_CLIENT_SECURITY_PROTOCOL"); // read by prefix
        return names;
    }

    private static String shown(Map<String, String> env) {
        Map<String, String> changed = new HashMap<>(env);
        changed.entrySet().removeIf(e -> e.getValue().equals(WorkerConfigTest.minimal().get(e.getKey())));
        StringBuilder s = new StringBuilder("{");
        changed.forEach((k, v) -> s.append(k).append("=").append(v.codePoints()
                .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c))
                .reduce("", String::concat)).append(", "));
        return s.append("}").toString();
    }
}
