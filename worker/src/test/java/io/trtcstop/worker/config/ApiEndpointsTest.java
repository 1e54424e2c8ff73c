package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * No cleartext to real endpoints: the OIDC web identity token, {@code X-TC-Token} and replayable signed requests
 * travel over https, except to the emulator on a loopback address or with {@code ALLOW_CLEARTEXT_ENDPOINTS}; the
 * instance metadata only at its documented host.
 */
class ApiEndpointsTest {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** What the worker counts as loopback: literal addresses and {@code localhost}, never a name that resolves there. */
    static boolean isLoopback(String host) {
        return host != null && (LOOPBACK_V4.matcher(host).matches() || host.equalsIgnoreCase("localhost")
                || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]"));
    }

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = WorkerConfigTest.minimal();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRTC_ENDPOINT", "TENCENTCLOUD_STS_ENDPOINT"})
    void cleartextToARealHostIsRefused(String variable) {
        for (String url : new String[] {"http://trtc.intl.tencentcloudapi.com", "http://sts.tencentcloudapi.com",
                "http://10.0.0.7:8089", "http://localhost.evil.example", "http://127.0.0.1.evil.example",
                "http://[::2]:8089", "http://0.0.0.0:8089"}) {
            assertThatThrownBy(() -> WorkerConfig.fromEnvironment(with(variable, url)))
                    .as(variable + "=" + url)
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .asString().startsWith(variable + "=" + url).contains("https").contains("ALLOW_CLEARTEXT_ENDPOINTS"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8089", "http://127.1.2.3:1", "http://localhost:8089", "http://LOCALHOST",
            "http://[::1]:8089", "http://[0:0:0:0:0:0:0:1]:8089", "https://trtc.ap-singapore.tencentcloudapi.com"})
    void theEmulatorOnLoopbackAndHttpsAreAccepted(String url) {
        WorkerConfig config = WorkerConfig.fromEnvironment(with("TRTC_ENDPOINT", url, "TENCENTCLOUD_STS_ENDPOINT", url));
        assertThat(config.trtcEndpoint()).hasToString(url);
        assertThat(config.credentials().stsEndpoint()).hasToString(url);
        assertThat(config.cleartextEndpoints()).isEmpty();
    }

    @Test
    void theOptInAllowsCleartextAndTheConfigurationSaysSo() {
        WorkerConfig config = WorkerConfig.fromEnvironment(with("ALLOW_CLEARTEXT_ENDPOINTS", "true",
                "TRTC_ENDPOINT", "http://emulator:8089", "TENCENTCLOUD_STS_ENDPOINT", "http://emulator:8089"));
        assertThat(config.trtcEndpoint()).hasToString("http://emulator:8089");
        assertThat(config.cleartextEndpoints()).containsExactly("TRTC_ENDPOINT=http://emulator:8089");
        assertThat(config.toString()).contains("ALLOW_CLEARTEXT_ENDPOINTS = true");
    }

    @Test
    void theStsEndpointCountsAsCleartextOnlyWhenOidcIsTheSource() {
        WorkerConfig config = WorkerConfig.fromEnvironment(with("ALLOW_CLEARTEXT_ENDPOINTS", "yes",
                "TENCENTCLOUD_CREDENTIALS_SOURCE", "tke-oidc", "TKE_REGION", "ap-guangzhou", "TKE_PROVIDER_ID", "p",
                "TKE_WEB_IDENTITY_TOKEN_FILE", "/t", "TKE_ROLE_ARN", "r", "TENCENTCLOUD_STS_ENDPOINT", "http://sts.internal"));
        assertThat(config.cleartextEndpoints()).containsExactly("TENCENTCLOUD_STS_ENDPOINT=http://sts.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://metadata.tencentyun.com", "http://METADATA.tencentyun.com/", "http://127.0.0.1:8089",
            "http://localhost:9"})
    void theMetadataEndpointIsItsDocumentedHostOrTheEmulator(String url) {
        assertThat(WorkerConfig.fromEnvironment(with("TENCENTCLOUD_METADATA_ENDPOINT", url)).credentials().metadataEndpoint())
                .hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "http://169.254.169.254", "http://metadata.tencentyun.com.evil.example",
            "http://metadata.tencentyun.com:8080", "http://metadata.tencentyun.com/latest/"})
    void noOtherMetadataEndpointEvenWithTheOptIn(String url) {
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(with("TENCENTCLOUD_METADATA_ENDPOINT", url,
                "ALLOW_CLEARTEXT_ENDPOINTS", "true")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("TENCENTCLOUD_METADATA_ENDPOINT=").contains("metadata.tencentyun.com"));
    }
}
