package io.trtcstop.worker.trtc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the {@link TrtcClient} reaches the API.
 *
 * @param endpoint       base URI, {@code https://trtc.intl.tencentcloudapi.com} by default; requests go to its
 *                       root path. An emulator's {@code http://127.0.0.1:port} works too: the signing service
 *                       is always {@code trtc}, whatever the host.
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long to wait for the whole response, from sending to the last body byte
 * @param language       {@code X-TC-Language} ({@code en-US} or {@code zh-CN}) for error messages, or {@code null}
 * @param signAction     also sign {@code x-tc-action} (Tencent's current docs do; its SDKs sign only
 *                       {@code content-type;host})
 */
public record TrtcClientConfig(URI endpoint, Duration connectTimeout, Duration requestTimeout, String language,
                               boolean signAction) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://trtc.intl.tencentcloudapi.com");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final List<String> LANGUAGES = List.of("en-US", "zh-CN");

    public TrtcClientConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        validateEndpoint(endpoint);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (language != null && !LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + " or unset, was '" + language + "'");
        }
    }

    /** The international endpoint, 3 s to connect, 10 s per request, no language, x-tc-action signed. */
    public static TrtcClientConfig defaults() {
        return new TrtcClientConfig(DEFAULT_ENDPOINT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null, true);
    }

    public TrtcClientConfig withEndpoint(URI newEndpoint) {
        return new TrtcClientConfig(newEndpoint, connectTimeout, requestTimeout, language, signAction);
    }

    public TrtcClientConfig withConnectTimeout(Duration newConnectTimeout) {
        return new TrtcClientConfig(endpoint, newConnectTimeout, requestTimeout, language, signAction);
    }

    public TrtcClientConfig withRequestTimeout(Duration newRequestTimeout) {
        return new TrtcClientConfig(endpoint, connectTimeout, newRequestTimeout, language, signAction);
    }

    public TrtcClientConfig withLanguage(String newLanguage) {
        return new TrtcClientConfig(endpoint, connectTimeout, requestTimeout, newLanguage, signAction);
    }

    public TrtcClientConfig withSignAction(boolean newSignAction) {
        return new TrtcClientConfig(endpoint, connectTimeout, requestTimeout, language, newSignAction);
    }

    /**
     * The Host header java.net.http sends for the endpoint, which is what must be signed: the host, plus
     * {@code :port} when the URI names a port other than its scheme's default.
     */
    public String signedHost() {
        String host = endpoint.getHost();
        int port = endpoint.getPort();
        boolean defaultPort = port == -1
                || ("https".equalsIgnoreCase(endpoint.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(endpoint.getScheme()) && port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** The URI requests are posted to: the endpoint's root. */
    public URI requestUri() {
        String path = endpoint.getRawPath();
        return path == null || path.isEmpty() ? endpoint.resolve("/") : endpoint;
    }

    private static void validateEndpoint(URI endpoint) {
        // First, so that the messages below may show the endpoint without showing a password.
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not carry user info");
        }
        String scheme = endpoint.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("endpoint must be an http or https URI, was " + endpoint);
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must name a host, was " + endpoint);
        }
        String path = endpoint.getRawPath();
        // The signature covers the path "/" and an empty query: anything else would never verify.
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("endpoint must have no path (requests go to /), was " + endpoint);
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must have no query or fragment, was " + endpoint);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
