package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The temporary credentials of STS {@code AssumeRoleWithWebIdentity} and of the CVM instance metadata: issued
 * with an expiry, accepted by the TRTC endpoint with their token, and refused with {@code AuthFailure.TokenFailure}
 * once expired. Also key rotation and a mixed-case Host.
 */
class TemporaryCredentialsTest {

    static final String PROVIDER = "tke-cluster-oidc";
    static final String ROLE_ARN = "qcs::cam::uin/100000000001:roleName/trtc-stop";
    static final String WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token-1";

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock, b -> b.oidc(PROVIDER, ROLE_ARN, WEB_TOKEN)
            .cvmRole("trtc-stop-role").temporaryCredentialLifetime(Duration.ofMinutes(30)));
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    private final HttpClient http = HttpClient.newHttpClient();

    private TestClient.ApiResponse assumeRole(String token, String roleArn, Long durationSeconds) {
        String body = "{\"ProviderId\":\"" + PROVIDER + "\",\"WebIdentityToken\":\"" + token + "\",\"RoleArn\":\""
                + roleArn + "\",\"RoleSessionName\":\"trtc-stop-worker\""
                + (durationSeconds == null ? "" : ",\"DurationSeconds\":" + durationSeconds) + "}";
        return client.call("AssumeRoleWithWebIdentity", body).version("2018-08-13")
                .authorizationInTransit(signed -> "SKIP").send();
    }

    private TestClient.Call stopWith(JsonNode credentials, String taskId) {
        return client.stop(taskId).secretId(credentials.path("TmpSecretId").stringValue())
                .secretKey(credentials.path("TmpSecretKey").stringValue())
                .token(credentials.path("Token").stringValue());
    }

    @Test
    void stsIssuesExpiringCredentialsThatTheApiAcceptsUntilTheyExpire() {
        TestClient.ApiResponse sts = assumeRole(WEB_TOKEN, ROLE_ARN, 7200L);

        assertThat(sts.errorCode()).as(sts.body()).isNull();
        JsonNode credentials = sts.response().path("Credentials");
        assertThat(credentials.path("TmpSecretId").stringValue()).startsWith("AKID");
        Instant expiry = Instant.ofEpochSecond(sts.response().path("ExpiredTime").longValue());
        assertThat(expiry).as("capped at 30 minutes").isEqualTo(Emulators.START.plus(Duration.ofMinutes(30)));
        assertThat(Instant.parse(sts.response().path("Expiration").stringValue())).isEqualTo(expiry);

        String first = emulator.createTask(TestClient.SDK_APP_ID, "room-1");
        assertThat(stopWith(credentials, first).send().errorCode()).isNull();

        clock.set(expiry);
        String second = emulator.createTask(TestClient.SDK_APP_ID, "room-2");
        TestClient.ApiResponse expired = stopWith(credentials, second).send();
        assertThat(expired.errorCode()).isEqualTo("AuthFailure.TokenFailure");
        assertThat(expired.errorMessage()).contains("expired");
        assertThat(emulator.taskState(second)).isEqualTo(TaskState.RUNNING);
        assertThat(stopWith(credentials, second).token("wrong").send().errorCode()).isEqualTo("AuthFailure.TokenFailure");
        assertThat(stopWith(credentials, second).token(null).send().errorCode()).isEqualTo("AuthFailure.TokenFailure");
    }

    @Test
    void stsChecksTheTrustAndTheRequest() {
        assertThat(assumeRole("someone-elses-token", ROLE_ARN, null).errorCode())
                .isEqualTo("InvalidParameter.WebIdentityTokenError");
        assertThat(assumeRole(WEB_TOKEN, "qcs::cam::uin/1:roleName/other", null).errorCode())
                .isEqualTo("ResourceNotFound.RoleNotExist");
        assertThat(assumeRole(WEB_TOKEN, ROLE_ARN, 0L).errorCode()).isEqualTo("InvalidParameter");
        assertThat(client.call("AssumeRoleWithWebIdentity", "{}").version("2018-08-13").send().errorCode())
                .isEqualTo("MissingParameter");
        assertThat(client.call("AssumeRoleWithWebIdentity", "{}").send().errorCode()).as("TRTC's version")
                .isEqualTo("NoSuchVersion");
        assertThat(emulator.callCount("AssumeRoleWithWebIdentity", "InvalidParameter.WebIdentityTokenError")).isEqualTo(1);
    }

    @Test
    void aRotatedWebIdentityTokenReplacesTheOldOne() {
        emulator.webIdentityTokens("service-account-token-2");

        assertThat(assumeRole(WEB_TOKEN, ROLE_ARN, null).errorCode()).isEqualTo("InvalidParameter.WebIdentityTokenError");
        assertThat(assumeRole("service-account-token-2", ROLE_ARN, null).errorCode()).isNull();
    }

    @Test
    void expiringTemporaryCredentialsEarlyIsATokenFailure() {
        JsonNode credentials = assumeRole(WEB_TOKEN, ROLE_ARN, null).response().path("Credentials");

        assertThat(emulator.expireTemporaryCredentials()).isEqualTo(1);

        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room-1");
        assertThat(stopWith(credentials, taskId).send().errorCode()).isEqualTo("AuthFailure.TokenFailure");
        JsonNode fresh = assumeRole(WEB_TOKEN, ROLE_ARN, null).response().path("Credentials");
        assertThat(stopWith(fresh, taskId).send().errorCode()).isNull();
    }

    @Test
    void instanceMetadataServesTheRoleAndItsCredentials() throws Exception {
        HttpResponse<String> role = get("/latest/meta-data/cam/security-credentials/");
        assertThat(role.statusCode()).isEqualTo(200);
        assertThat(role.body()).isEqualTo("trtc-stop-role");

        HttpResponse<String> answer = get("/latest/meta-data/cam/security-credentials/trtc-stop-role");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode credentials = JsonCodec.MAPPER.readTree(answer.body());
        assertThat(credentials.path("Code").stringValue()).isEqualTo("Success");
        Instant expiry = Instant.ofEpochSecond(credentials.path("ExpiredTime").longValue());
        assertThat(expiry).isEqualTo(Emulators.START.plus(Duration.ofMinutes(30)));
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room-1");
        assertThat(stopWith(credentials, taskId).send().errorCode()).isNull();

        JsonNode same = JsonCodec.MAPPER.readTree(get("/latest/meta-data/cam/security-credentials/trtc-stop-role").body());
        assertThat(same.path("TmpSecretId")).as("the same keys while more than half their life is left")
                .isEqualTo(credentials.path("TmpSecretId"));
        clock.advance(Duration.ofMinutes(16));
        JsonNode renewed = JsonCodec.MAPPER.readTree(get("/latest/meta-data/cam/security-credentials/trtc-stop-role").body());
        assertThat(renewed.path("TmpSecretId")).isNotEqualTo(credentials.path("TmpSecretId"));

        assertThat(get("/latest/meta-data/cam/security-credentials/another-role").statusCode()).isEqualTo(404);
        assertThat(emulator.callCount("InstanceMetadata", "OK")).isEqualTo(4);
    }

    @Test
    void withoutARoleTheMetadataHasNoCredentials() throws Exception {
        try (TrtcEmulator plain = Emulators.started(clock)) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            plain.endpoint().resolve("/latest/meta-data/cam/security-credentials/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aRotationAcceptsTheNewKeyAndARevokedKeyIsNotFound() {
        emulator.addKey("AKIDsecondKeyOfTheAccount", "second-secret-key");
        String first = emulator.createTask(TestClient.SDK_APP_ID, "room-1");
        assertThat(client.stop(first).secretId("AKIDsecondKeyOfTheAccount").secretKey("second-secret-key").send()
                .errorCode()).isNull();

        emulator.revokeKey(TestClient.SECRET_ID);

        String second = emulator.createTask(TestClient.SDK_APP_ID, "room-2");
        assertThat(client.stop(second).send().errorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
    }

    @Test
    void resetReturnsToTheKeysAtStart() {
        emulator.addKey("AKIDsecondKeyOfTheAccount", "second-secret-key").revokeKey(TestClient.SECRET_ID);
        JsonNode temporary = assumeRole(WEB_TOKEN, ROLE_ARN, null).response().path("Credentials");

        emulator.reset();

        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room-1");
        assertThat(stopWith(temporary, taskId).send().errorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(client.stop(taskId).secretId("AKIDsecondKeyOfTheAccount").secretKey("second-secret-key").send()
                .errorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(client.stop(taskId).send().errorCode()).isNull();
    }

    @Test
    void aMixedCaseHostVerifiesAsTheRealApiDoes() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room-1");

        TestClient.ApiResponse response = client.stop(taskId)
                .host("TRTC.Ap-Guangzhou.TencentCloudAPI.com").signAction().send();

        assertThat(response.errorCode()).as(response.body()).isNull();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.STOPPED);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = emulator.metadataEndpoint().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
