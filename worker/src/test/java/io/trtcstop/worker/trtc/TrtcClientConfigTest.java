package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrtcClientConfigTest {

    private static final TrtcClientConfig DEFAULTS = TrtcClientConfig.defaults();

    @Test
    void defaults() {
        assertThat(DEFAULTS.endpoint()).isEqualTo(URI.create("https://trtc.intl.tencentcloudapi.com"));
        assertThat(DEFAULTS.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(DEFAULTS.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.language()).isNull();
        assertThat(DEFAULTS.signAction()).isTrue();
        assertThat(DEFAULTS.requestUri()).isEqualTo(URI.create("https://trtc.intl.tencentcloudapi.com/"));
    }

    @Test
    void signedHostIsWhatJavaNetHttpSendsAsHost() {
        assertThat(host("https://trtc.intl.tencentcloudapi.com")).isEqualTo("trtc.intl.tencentcloudapi.com");
        assertThat(host("http://127.0.0.1:8089/")).isEqualTo("127.0.0.1:8089");
        assertThat(host("https://trtc.example:8443")).isEqualTo("trtc.example:8443");
        // java.net.http leaves a port that is the scheme's default out of the Host header.
        assertThat(host("https://trtc.example:443")).isEqualTo("trtc.example");
        assertThat(host("http://trtc.example:80")).isEqualTo("trtc.example");
        assertThat(host("http://trtc.example:443")).isEqualTo("trtc.example:443");
    }

    @Test
    void regionalAndChinaSiteEndpointsAreAcceptedAndAMixedCaseHostIsSignedLowerCased() {
        for (String endpoint : new String[] {"https://trtc.ap-guangzhou.tencentcloudapi.com",
                "https://trtc.ap-singapore.tencentcloudapi.com", "https://trtc.tencentcloudapi.com"}) {
            assertThat(host(endpoint)).isEqualTo(URI.create(endpoint).getHost());
        }
        String mixed = host("https://TRTC.Ap-Guangzhou.TencentCloudAPI.com");
        Tc3Signature signature = Tc3Signer.sign("AKIDx", "key", TrtcClient.SERVICE, mixed, TrtcClient.ACTION,
                TrtcClient.CONTENT_TYPE, new byte[0], 1_700_000_000L);
        assertThat(signature.canonicalRequest()).contains("\nhost:trtc.ap-guangzhou.tencentcloudapi.com\n");
    }

    @Test
    void rejectsEndpointsThatCouldNotBeSignedOrReached() {
        assertThatThrownBy(() -> DEFAULTS.withEndpoint(URI.create("ftp://trtc.example")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> DEFAULTS.withEndpoint(URI.create("https://trtc.example/api")))
                .hasMessageContaining("no path");
        assertThatThrownBy(() -> DEFAULTS.withEndpoint(URI.create("https://trtc.example/?a=b")))
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> DEFAULTS.withEndpoint(URI.create("https://user:pw@trtc.example/")))
                .hasMessage("endpoint must not carry user info");
        assertThatThrownBy(() -> DEFAULTS.withEndpoint(URI.create("trtc.example")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositiveTimeoutsAndUnknownLanguages() {
        assertThatThrownBy(() -> DEFAULTS.withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> DEFAULTS.withConnectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> DEFAULTS.withLanguage("fr-FR")).hasMessageContaining("en-US");
        assertThat(DEFAULTS.withLanguage("zh-CN").language()).isEqualTo("zh-CN");
    }

    private static String host(String endpoint) {
        return DEFAULTS.withEndpoint(URI.create(endpoint)).signedHost();
    }
}
