package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.testing.MountedSecret;
import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.CredentialsProvider;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.Region;
import io.trtcstop.worker.trtc.TrtcClient;
import io.trtcstop.worker.trtc.TrtcClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each credential source of the chain, configured by environment variables as operators do, against the TRTC
 * emulator (which also plays STS and the CVM instance metadata): the keys it yields stop a task.
 */
class CredentialSourcesIT {

    private static final String SECRET_ID = "AKIDcredentialSourcesIt";
    private static final String SECRET_KEY = "credential-sources-it-secret";
    private static final long SDK_APP_ID = 1_400_000_000L;
    static final String PROVIDER_ID = "tke-cluster-oidc";
    static final String ROLE_ARN = "qcs::cam::uin/100000000001:roleName/trtc-stop-worker";

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private TrtcEmulator emulator(java.util.function.UnaryOperator<TrtcEmulator.Builder> customize) {
        TrtcEmulator emulator = customize.apply(TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY)
                .rateLimitPerSecond(0)).build().start();
        cleanup.add(emulator);
        return emulator;
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        env.put("HOME", dir.resolve("home").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private CredentialsProvider open(Map<String, String> env) {
        CredentialsProvider provider = CredentialChain.open(WorkerConfig.fromEnvironment(env).credentials(), Clock.systemUTC());
        if (provider instanceof AutoCloseable closeable) {
            cleanup.add(closeable);
        }
        return provider;
    }

    private static DeleteResult stop(TrtcEmulator emulator, CredentialsProvider credentials) {
        TrtcClientConfig config = TrtcClientConfig.defaults().withEndpoint(emulator.endpoint());
        TrtcClient client = new TrtcClient(config, credentials, TrtcClient.defaultHttpClient(config), Clock.systemUTC());
        return client.deleteCloudTranscription(SDK_APP_ID, emulator.createTask(SDK_APP_ID, "room"), Region.AP_GUANGZHOU);
    }

    private static void assertStops(TrtcEmulator emulator, CredentialsProvider credentials) {
        assertThat(stop(emulator, credentials)).isInstanceOf(DeleteResult.Stopped.class);
    }

    private static String failureCode(DeleteResult result) {
        assertThat(result).isInstanceOf(DeleteResult.Failed.class);
        return ((DeleteResult.Failed) result).code();
    }

    @Test
    void environmentVariables() {
        TrtcEmulator emulator = emulator(b -> b);
        assertStops(emulator, open(env("TENCENTCLOUD_SECRET_ID", SECRET_ID, "TENCENTCLOUD_SECRET_KEY", SECRET_KEY)));
    }

    @Test
    void theDefaultProfileFile() throws IOException {
        TrtcEmulator emulator = emulator(b -> b);
        Path profile = Files.createDirectories(dir.resolve("home/.tencentcloud")).resolve("credentials");
        Files.writeString(profile, "[default]\nsecret_id = " + SECRET_ID + "\nsecret_key = " + SECRET_KEY + "\n");

        CredentialsProvider provider = open(env());

        assertThat(provider.toString()).startsWith("profile file " + profile);
        assertStops(emulator, provider);
    }

    @Test
    void keyFilesPickUpARotationOnTheirOwn() throws IOException {
        TrtcEmulator emulator = emulator(b -> b);
        writeKeys(SECRET_ID, SECRET_KEY);
        CredentialsProvider provider = open(env("TENCENTCLOUD_CREDENTIALS_DIR", dir.toString(),
                "TENCENTCLOUD_CREDENTIALS_REFRESH", "100ms"));
        assertStops(emulator, provider);

        emulator.addKey("AKIDrotatedKey", "rotated-secret");
        writeKeys("AKIDrotatedKey", "rotated-secret");
        await().until(() -> provider.current().secretId().equals("AKIDrotatedKey"));
        emulator.revokeKey(SECRET_ID);

        assertStops(emulator, provider);
    }

    @Test
    void keyFilesRotatedAndTheOldKeyRevokedAtOnceAreFixedByARefresh() throws IOException {
        TrtcEmulator emulator = emulator(b -> b);
        writeKeys(SECRET_ID, SECRET_KEY);
        CredentialsProvider provider = open(env("TENCENTCLOUD_CREDENTIALS_DIR", dir.toString(),
                "TENCENTCLOUD_CREDENTIALS_REFRESH", "1h"));

        emulator.addKey("AKIDrotatedKey", "rotated-secret").revokeKey(SECRET_ID);
        writeKeys("AKIDrotatedKey", "rotated-secret");

        assertThat(failureCode(stop(emulator, provider))).isEqualTo("AuthFailure.SecretIdNotFound");
        provider.refresh();
        assertStops(emulator, provider);
    }

    @Test
    void tkeOidcRereadsTheTokenFileAndRenewsBeforeExpiry() throws IOException {
        TrtcEmulator emulator = emulator(b -> b.oidc(PROVIDER_ID, ROLE_ARN, "projected-token-1")
                .temporaryCredentialLifetime(Duration.ofSeconds(4)));
        Path tokenFile = Files.writeString(dir.resolve("token"), "projected-token-1\n");
        CredentialsProvider provider = open(oidcEnv(emulator, tokenFile));
        String first = provider.current().secretId();
        assertThat(first).isNotEqualTo(SECRET_ID);
        assertStops(emulator, provider);

        // The kubelet rotates the projected token; STS accepts only the new one from now on.
        emulator.webIdentityTokens("projected-token-2");
        Files.writeString(tokenFile, "projected-token-2\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> !provider.current().secretId().equals(first));
        assertStops(emulator, provider);
        assertThat(emulator.callCount("AssumeRoleWithWebIdentity", "InvalidParameter.WebIdentityTokenError")).isZero();
    }

    @Test
    void tkeOidcCredentialsEndedEarlyAreATokenFailureThatARefreshFixes() throws IOException {
        TrtcEmulator emulator = emulator(b -> b.oidc(PROVIDER_ID, ROLE_ARN, "projected-token-1"));
        Path tokenFile = Files.writeString(dir.resolve("token"), "projected-token-1");
        CredentialsProvider provider = open(oidcEnv(emulator, tokenFile));
        assertStops(emulator, provider);

        emulator.expireTemporaryCredentials();

        assertThat(failureCode(stop(emulator, provider))).isEqualTo("AuthFailure.TokenFailure");
        provider.refresh();
        assertStops(emulator, provider);
    }

    @Test
    void tkeOidcThatStsRefusesFailsTheStartWithTheReasonAndNoToken() throws IOException {
        TrtcEmulator emulator = emulator(b -> b.oidc(PROVIDER_ID, "qcs::cam::uin/1:roleName/another", "projected-token-1"));
        Path tokenFile = Files.writeString(dir.resolve("token"), "projected-token-1");

        assertThatThrownBy(() -> open(oidcEnv(emulator, tokenFile)))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("TENCENTCLOUD_CREDENTIALS_SOURCE=auto, chose tke-oidc")
                .hasMessageContaining("ResourceNotFound.RoleNotExist")
                .hasMessageNotContaining("projected-token-1");
    }

    @Test
    void theCvmRoleFromTheInstanceMetadata() {
        TrtcEmulator emulator = emulator(b -> b.cvmRole("trtc-stop-role").temporaryCredentialLifetime(Duration.ofSeconds(4)));
        CredentialsProvider provider = open(env("TENCENTCLOUD_METADATA_ENDPOINT", emulator.metadataEndpoint().toString()));
        assertThat(provider.toString()).startsWith("CVM role (the instance's) from the instance metadata");
        String first = provider.current().secretId();
        assertStops(emulator, provider);

        await().atMost(Duration.ofSeconds(20)).until(() -> !provider.current().secretId().equals(first));
        assertStops(emulator, provider);
    }

    @Test
    void aCvmRoleTheInstanceDoesNotHaveFailsTheStart() {
        TrtcEmulator emulator = emulator(b -> b.cvmRole("trtc-stop-role"));
        assertThatThrownBy(() -> open(env("TENCENTCLOUD_CREDENTIALS_SOURCE", "cvm-role",
                "TENCENTCLOUD_CVM_ROLE", "another-role",
                "TENCENTCLOUD_METADATA_ENDPOINT", emulator.metadataEndpoint().toString())))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessage("no credentials (TENCENTCLOUD_CREDENTIALS_SOURCE=cvm-role): the instance metadata (role another-role)"
                        + " answered HTTP 404");
    }

    @Test
    void environmentKeysWinOverEveryOtherConfiguredSource() throws IOException {
        TrtcEmulator emulator = emulator(b -> b);
        writeKeys("AKIDnotUsed", "not-used");
        CredentialsProvider provider = open(env("TENCENTCLOUD_SECRET_ID", SECRET_ID, "TENCENTCLOUD_SECRET_KEY", SECRET_KEY,
                "TENCENTCLOUD_CREDENTIALS_DIR", dir.toString(), "TKE_ROLE_ARN", ROLE_ARN));
        assertThat(provider.current()).isEqualTo(Credentials.of(SECRET_ID, SECRET_KEY));
        assertStops(emulator, provider);
    }

    private Map<String, String> oidcEnv(TrtcEmulator emulator, Path tokenFile) {
        return env("TKE_REGION", "ap-guangzhou", "TKE_PROVIDER_ID", PROVIDER_ID, "TKE_ROLE_ARN", ROLE_ARN,
                "TKE_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString(),
                "TENCENTCLOUD_STS_ENDPOINT", emulator.endpoint().toString());
    }

    private void writeKeys(String secretId, String secretKey) throws IOException {
        MountedSecret.writeKey(dir, secretId, secretKey);
    }
}
