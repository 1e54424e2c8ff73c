package io.trtcstop.worker.config;

import io.trtcstop.worker.credentials.CvmRole;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the worker may send what it signs and what it gets keys with. The TRTC API receives replayable signed
 * requests with {@code X-TC-Token}; STS receives the OIDC web identity token, a bearer credential. Both go over https,
 * except to a loopback address (the emulator on the same machine) or with {@value #ALLOW_CLEARTEXT}, which the
 * worker then logs as a warning at every start. The instance metadata hands out keys to whoever asks from the
 * instance, so it is only asked at its documented host ({@code metadata.tencentyun.com}) or on loopback.
 */
final class ApiEndpoints {

    static final String ALLOW_CLEARTEXT = "ALLOW_CLEARTEXT_ENDPOINTS";
    /** The documented host of the CVM instance metadata, the only one besides loopback. */
    static final String METADATA_HOST = CvmRole.DEFAULT_METADATA_ENDPOINT.getHost();

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private ApiEndpoints() {
    }

    /**
     * True for a loopback literal ({@code 127.0.0.0/8}, {@code [::1]}) or {@code localhost}: never a name that
     * merely resolves there, since whoever controls DNS would decide it.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost") || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        Matcher ipv4 = IPV4.matcher(host);
        if (!ipv4.matches() || !ipv4.group(1).equals("127")) {
            return false;
        }
        for (int i = 2; i <= 4; i++) {
            if (Integer.parseInt(ipv4.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Cleartext to this endpoint: http to anything but loopback. */
    static boolean isCleartext(URI endpoint) {
        return "http".equals(endpoint.getScheme()) && !isLoopback(endpoint.getHost());
    }

    /** An endpoint that receives credentials or signed requests: https, or loopback, or the opt-in. */
    static void checkConfidential(EnvReader in, String name, URI endpoint, boolean cleartextAllowed) {
        if (isCleartext(endpoint) && !cleartextAllowed) {
            in.problem(name + "=" + EnvReader.shownUrl(endpoint.toString()) + ": would send credentials in cleartext; use"
                    + " https (http is for a loopback address, or set " + ALLOW_CLEARTEXT + "=true)");
        }
    }

    /** The instance metadata: its documented host on the default port, or loopback. */
    static void checkMetadata(EnvReader in, String name, URI endpoint) {
        if (isLoopback(endpoint.getHost())) {
            return;
        }
        int defaultPort = "https".equals(endpoint.getScheme()) ? 443 : 80;
        boolean documented = METADATA_HOST.equals(endpoint.getHost().toLowerCase(Locale.ROOT))
                && (endpoint.getPort() == -1 || endpoint.getPort() == defaultPort);
        if (!documented) {
            in.problem(name + "=" + EnvReader.shownUrl(endpoint.toString()) + ": the instance metadata is only asked at "
                    + CvmRole.DEFAULT_METADATA_ENDPOINT + " (or a loopback address, for the emulator)");
        }
    }
}
