package io.trtcstop.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys the emulator accepts, by SecretId: permanent keys (added, rotated and revoked at run time), and
 * the temporary keys its STS and instance-metadata endpoints issue, each with a session token and an expiry.
 * An expired temporary key stays known, so a call signed with it is answered {@code AuthFailure.TokenFailure}
 * as the real API does, not {@code AuthFailure.SecretIdNotFound}.
 */
final class KeyRing {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** More keys than any test issues; beyond this, expired temporary keys are forgotten. */
    private static final int MAX_KEYS = 100_000;

    /** One accepted key; {@code sessionToken} and {@code expiresAt} are null for permanent keys. */
    record Key(String secretId, String secretKey, String sessionToken, Instant expiresAt) {

        Key {
            Objects.requireNonNull(secretId, "secretId");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        boolean temporary() {
            return expiresAt != null;
        }

        boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        /** Never shows the secret key or the token. */
        @Override
        public String toString() {
            return "Key[secretId=" + secretId + ", secretKey=***, sessionToken=" + (sessionToken == null ? "none" : "***")
                    + ", expiresAt=" + (expiresAt == null ? "never" : expiresAt) + "]";
        }
    }

    private final ConcurrentHashMap<String, Key> keys = new ConcurrentHashMap<>();
    private final Clock clock;
    private final RandomSource random;

    KeyRing(Clock clock, RandomSource random) {
        this.clock = clock;
        this.random = random;
    }

    Key find(String secretId) {
        return keys.get(secretId);
    }

    Instant now() {
        return clock.instant();
    }

    /** Accepts a permanent key (with a session token that every call must then send, when one is given). */
    void addPermanent(String secretId, String secretKey, String sessionToken) {
        keys.put(secretId, new Key(secretId, secretKey, sessionToken == null || sessionToken.isEmpty() ? null : sessionToken,
                null));
    }

    /** Stops accepting the key: calls signed with it are then {@code AuthFailure.SecretIdNotFound}. */
    void revoke(String secretId) {
        keys.remove(secretId);
    }

    /** New temporary credentials valid for {@code lifetime} from now. */
    Key issueTemporary(Duration lifetime) {
        if (keys.size() >= MAX_KEYS) {
            Instant now = now();
            keys.values().removeIf(key -> key.expiredAt(now));
        }
        Key key = new Key("AKIDtmp" + randomText(29), randomText(32), randomText(96), now().plus(lifetime));
        keys.put(key.secretId(), key);
        return key;
    }

    /** Ends every temporary key now, as an STS revocation would: the next call with one is a TokenFailure. */
    int expireTemporaryKeys() {
        Instant now = now();
        int[] expired = {0};
        keys.replaceAll((id, key) -> {
            if (key.temporary() && !key.expiredAt(now)) {
                expired[0]++;
                return new Key(key.secretId(), key.secretKey(), key.sessionToken(), now);
            }
            return key;
        });
        return expired[0];
    }

    /** Forgets every key, then accepts {@code initial} again: the key set as it was at start. */
    void resetTo(Key initial) {
        keys.clear();
        keys.put(initial.secretId(), initial);
    }

    private String randomText(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
