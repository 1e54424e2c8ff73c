package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.CredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link CredentialSettings} into the worker's {@link CredentialsProvider}, and says at start which one. */
public final class CredentialChain {

    private static final Logger log = LoggerFactory.getLogger(CredentialChain.class);
    /** STS and the instance metadata answer in milliseconds; these only bound a hung call. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private CredentialChain() {
    }

    /**
     * Opens the configured source and fetches the first credentials, so that a worker that cannot get any stops
     * at start with the reason. Temporary and file-based credentials are then kept fresh in the background.
     *
     * @throws CredentialsUnavailableException with one line per problem when no credentials can be had
     */
    public static CredentialsProvider open(CredentialSettings settings, Clock clock) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new CredentialsUnavailableException(String.join("\n", problems));
        }
        CredentialSettings.Source chosen = settings.chosenSource();
        String how = "TENCENTCLOUD_CREDENTIALS_SOURCE=" + settings.source().setting()
                + (settings.source() == CredentialSettings.Source.AUTO ? ", chose " + chosen.setting() : "");
        try {
            return switch (chosen) {
                case ENV -> environment(settings.environment(), how);
                case FILES -> refreshing(new KeyFiles(settings.keyDirectory()), settings, clock, how);
                case PROFILE -> refreshing(new ProfileFile(settings.effectiveProfileFile()), settings, clock, how);
                case TKE_OIDC -> {
                    CredentialSettings.TkeVariables tke = settings.tke();
                    yield refreshing(new TkeOidc(http(), settings.stsEndpoint(),
                            new TkeOidc.Settings(tke.region(), tke.providerId(), tke.tokenFile(), tke.roleArn()), clock),
                            settings, clock, how);
                }
                case CVM_ROLE -> refreshing(new CvmRole(http(), settings.metadataEndpoint(), settings.cvmRole()),
                        settings, clock, how);
                case AUTO -> throw new IllegalStateException("chosenSource() never answers AUTO");
            };
        } catch (CredentialsUnavailableException e) {
            throw new CredentialsUnavailableException("no credentials (" + how + "): " + e.getMessage());
        }
    }

    private static CredentialsProvider environment(CredentialSettings.EnvironmentKeys keys, String how) {
        Credentials credentials;
        try {
            credentials = new Credentials(keys.secretId(), keys.secretKey(), keys.sessionToken());
        } catch (IllegalArgumentException e) {
            throw new CredentialsUnavailableException("TENCENTCLOUD_SECRET_ID/KEY/SESSION_TOKEN: " + e.getMessage());
        }
        log.info("credentials: environment variables ({}): SecretId {}", how, credentials.maskedSecretId());
        if (credentials.hasSessionToken()) {
            log.warn("credentials: TENCENTCLOUD_SESSION_TOKEN makes these temporary credentials that the worker cannot"
                    + " renew: every call fails once they expire. Use tke-oidc or cvm-role for temporary credentials.");
        }
        return CredentialsProvider.fixed(credentials);
    }

    private static CredentialsProvider refreshing(CredentialSource source, CredentialSettings settings, Clock clock,
                                                  String how) {
        RefreshingCredentials provider = new RefreshingCredentials(source, clock,
                new RefreshSchedule(settings.refreshInterval()));
        log.info("credentials: {} ({}): {}", source.describe(), how, provider.issued().summary());
        return provider.startRefresher();
    }

    private static CredentialsHttp http() {
        return new CredentialsHttp(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }
}
