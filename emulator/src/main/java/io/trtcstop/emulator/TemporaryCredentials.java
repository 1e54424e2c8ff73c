package io.trtcstop.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may get temporary credentials and for how long: the OIDC trust that STS's
 * {@code AssumeRoleWithWebIdentity} checks (an identity provider, a role, the web identity tokens currently
 * valid), the CVM role that the instance metadata serves, and a cap on every lifetime so tests can watch keys
 * expire within seconds.
 */
final class TemporaryCredentials {

    /** STS's default when a caller names no DurationSeconds, and what instance metadata hands out. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);

    private final KeyRing keys;
    private final Duration lifetimeCap;
    private final String providerId;
    private final String roleArn;
    private final Set<String> webIdentityTokens = ConcurrentHashMap.newKeySet();
    private final String cvmRole;
    private final AtomicReference<KeyRing.Key> cvmKey = new AtomicReference<>();

    TemporaryCredentials(KeyRing keys, Duration lifetimeCap, String providerId, String roleArn, String webIdentityToken,
                         String cvmRole) {
        this.keys = keys;
        this.lifetimeCap = lifetimeCap;
        this.providerId = providerId;
        this.roleArn = roleArn;
        if (webIdentityToken != null) {
            webIdentityTokens.add(webIdentityToken);
        }
        this.cvmRole = cvmRole;
    }

    String providerId() {
        return providerId;
    }

    String roleArn() {
        return roleArn;
    }

    String cvmRole() {
        return cvmRole;
    }

    boolean acceptsWebIdentityToken(String token) {
        return webIdentityTokens.contains(token);
    }

    /** From now on only these web identity tokens are valid (a rotated projected service-account token). */
    void webIdentityTokens(Set<String> tokens) {
        webIdentityTokens.clear();
        webIdentityTokens.addAll(tokens);
    }

    /** New temporary credentials for a caller that asked for {@code requested}, capped. */
    KeyRing.Key issue(Duration requested) {
        return keys.issueTemporary(capped(requested));
    }

    /**
     * The CVM role's current credentials; new ones once less than half the lifetime is left, so a client that
     * refreshes in the last third of the lifetime always gets fresh keys (as the real metadata service does).
     */
    KeyRing.Key cvmCredentials() {
        return cvmKey.updateAndGet(key -> {
            Duration lifetime = capped(DEFAULT_LIFETIME);
            if (key == null || Duration.between(keys.now(), key.expiresAt()).compareTo(lifetime.dividedBy(2)) < 0) {
                return keys.issueTemporary(lifetime);
            }
            return key;
        });
    }

    private Duration capped(Duration requested) {
        Objects.requireNonNull(requested, "requested");
        return lifetimeCap != null && lifetimeCap.compareTo(requested) < 0 ? lifetimeCap : requested;
    }

    /** The {@code Credentials} object of STS answers and the fields of instance metadata answers. */
    static void writeKey(ObjectNode target, KeyRing.Key key) {
        target.put("TmpSecretId", key.secretId());
        target.put("TmpSecretKey", key.secretKey());
        target.put("Token", key.sessionToken());
    }
}
