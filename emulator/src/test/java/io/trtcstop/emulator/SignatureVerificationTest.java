package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulator checks signatures made by an independent implementation (Tencent SDK's hashing and HMAC) like
 * the API does: from the headers and body bytes actually received.
 */
class SignatureVerificationTest {

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock);
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    private final String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room-1");

    @ParameterizedTest(name = "action signed: {0}")
    @ValueSource(booleans = {false, true})
    void acceptsACorrectSignatureForEitherHeaderSet(boolean signAction) {
        TestClient.Call call = client.stop(taskId);
        if (signAction) {
            call.signAction();
        }

        TestClient.ApiResponse response = call.send();

        assertThat(response.errorCode()).as(response.body()).isNull();
        assertThat(response.field("TaskId")).isEqualTo(taskId);
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.STOPPED);
    }

    @ParameterizedTest(name = "action signed: {0}")
    @ValueSource(booleans = {false, true})
    void rejectsTheSignatureOnceOneByteOfTheBodyChanges(boolean signAction) {
        TestClient.Call call = client.stop(taskId).bodyInTransit(body -> {
            body[body.length - 3] ^= 0x01;
            return body;
        });
        if (signAction) {
            call.signAction();
        }

        TestClient.ApiResponse response = call.send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
        assertThat(emulator.stopCallCount(taskId)).isZero();
    }

    @Test
    void rejectsAChangedActionWhenTheActionIsSigned() {
        TestClient.ApiResponse response = client.describe(taskId).signAction()
                .header("X-TC-Action", "DeleteCloudTranscription").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void usesTheContentTypeAsReceived() {
        TestClient.ApiResponse response = client.stop(taskId).header("Content-Type", "application/json").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(response.errorMessage()).contains("content-type:application/json\\nhost:");
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecretKey() {
        TestClient.ApiResponse response = client.stop(taskId).secretKey("Gu5t9xGARNpq86cd98joQYCN3EXAMPLf").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void rejectsAnUnknownSecretId() {
        TestClient.ApiResponse response = client.stop(taskId).secretId("AKIDunknown").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(response.errorMessage()).contains("AKIDunknown");
    }

    @ParameterizedTest(name = "offset {0} s")
    @ValueSource(longs = {-301, 301, -86_400})
    void rejectsATimestampMoreThanFiveMinutesFromTheServersClock(long offsetSeconds) {
        long timestamp = clock.instant().getEpochSecond() + offsetSeconds;

        TestClient.ApiResponse response = client.stop(taskId).timestamp(timestamp).send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureExpire");
    }

    @ParameterizedTest(name = "offset {0} s")
    @ValueSource(longs = {-300, 300})
    void acceptsATimestampUpToFiveMinutesFromTheServersClock(long offsetSeconds) {
        long timestamp = clock.instant().getEpochSecond() + offsetSeconds;

        TestClient.ApiResponse response = client.stop(taskId).timestamp(timestamp).send();

        assertThat(response.errorCode()).as(response.body()).isNull();
    }

    @Test
    void followsTheInjectedClock() {
        long signedAt = clock.instant().getEpochSecond();
        clock.advance(Duration.ofMinutes(6));

        assertThat(client.stop(taskId).timestamp(signedAt).send().errorCode()).isEqualTo("AuthFailure.SignatureExpire");
        assertThat(client.stop(taskId).send().errorCode()).isNull();
    }

    @Test
    void rejectsAScopeDateThatIsNotTheTimestampsUtcDate() {
        // 00:01 UTC: the local date in Beijing would be the same day, the previous day is wrong either way.
        clock.set(Instant.parse("2026-04-07T00:01:00Z"));

        TestClient.ApiResponse response = client.stop(taskId).scopeDate("2026-04-06").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(response.errorMessage()).contains("2026-04-06", "2026-04-07");
    }

    @Test
    void rejectsAScopeForAnotherService() {
        TestClient.ApiResponse response = client.stop(taskId).service("cvm").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(response.errorMessage()).contains("'cvm'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "Bearer abc", "no-signature", "bad-credential", "no-host-signed",
            "uppercase-signature", "unsigned-header-listed", "extra-part", "bad-date"})
    void rejectsAMalformedAuthorizationHeader(String variant) {
        UnaryOperator<String> change = switch (variant) {
            case "missing" -> authorization -> null;
            case "Bearer abc" -> authorization -> "Bearer abc";
            case "no-signature" -> authorization -> authorization.replaceAll(", Signature=[0-9a-f]+", "");
            case "bad-credential" -> authorization -> authorization.replace("/tc3_request", "/tc3");
            case "no-host-signed" -> authorization -> authorization.replace("SignedHeaders=content-type;host",
                    "SignedHeaders=content-type");
            case "uppercase-signature" -> authorization -> authorization.replaceAll("Signature=([0-9a-f]+)",
                    "Signature=" + "A".repeat(64));
            case "unsigned-header-listed" -> authorization -> authorization.replace(
                    "SignedHeaders=content-type;host", "SignedHeaders=content-type;host;x-tc-missing");
            case "extra-part" -> authorization -> authorization + ", Nonce=1";
            case "bad-date" -> authorization -> authorization.replaceAll("/\\d{4}-\\d{2}-\\d{2}/", "/2026-13-01/");
            default -> throw new IllegalArgumentException(variant);
        };

        TestClient.ApiResponse response = client.stop(taskId).authorizationInTransit(change).send();

        assertThat(response.errorCode()).as(response.body()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void rejectsAMissingOrGarbledTimestamp() {
        assertThat(client.stop(taskId).header("X-TC-Timestamp", "yesterday").send().errorCode())
                .isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void rejectsASessionTokenWhenTheKeysArePermanent() {
        assertThat(client.stop(taskId).token("some-token").send().errorCode()).isEqualTo("AuthFailure.TokenFailure");
    }

    @Test
    void requiresTheConfiguredSessionToken() {
        try (TrtcEmulator temporary = Emulators.started(clock, b -> b.sessionToken("sts-token-1"))) {
            TestClient stsClient = new TestClient(temporary.endpoint(), clock);
            String task = temporary.createTask(TestClient.SDK_APP_ID, "room-2");

            assertThat(stsClient.stop(task).send().errorCode()).isEqualTo("AuthFailure.TokenFailure");
            assertThat(stsClient.stop(task).token("sts-token-2").send().errorCode())
                    .isEqualTo("AuthFailure.TokenFailure");
            assertThat(temporary.taskState(task)).isEqualTo(TaskState.RUNNING);
            assertThat(stsClient.stop(task).token("sts-token-1").send().errorCode()).isNull();
        }
    }
}
