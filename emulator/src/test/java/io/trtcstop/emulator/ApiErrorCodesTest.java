package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request-level error code of the API, in its JSON shape, with HTTP 200 and a fresh RequestId. */
class ApiErrorCodesTest {

    private static final String STOP = "DeleteCloudTranscription";

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock);
    private final TestClient client = new TestClient(emulator.endpoint(), clock);

    @Test
    void errorsAreHttp200WithTheApiShapeAndAFreshUuidRequestIdEveryTime() {
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            TestClient.ApiResponse response = client.stop("no-such-task").send();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.json().propertyNames()).containsExactly("Response");
            assertThat(response.response().propertyNames()).containsExactly("Error", "RequestId");
            assertThat(response.response().path("Error").propertyNames()).containsExactly("Code", "Message");
            assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
            assertThat(UUID.fromString(response.requestId()).toString()).isEqualTo(response.requestId());
            requestIds.add(response.requestId());
        }
        assertThat(requestIds).hasSize(5);
    }

    @Test
    void successesCarryAFreshRequestIdToo() {
        String first = emulator.createTask(TestClient.SDK_APP_ID, "room");
        String second = emulator.createTask(TestClient.SDK_APP_ID, "room");

        TestClient.ApiResponse a = client.stop(first).send();
        TestClient.ApiResponse b = client.stop(second).send();

        assertThat(a.response().propertyNames()).containsExactly("TaskId", "RequestId");
        assertThat(a.requestId()).isNotEqualTo(b.requestId());
        UUID.fromString(b.requestId());
    }

    @ParameterizedTest(name = "X-TC-Action {0}")
    @ValueSource(strings = {"StopCloudTranscription", "deletecloudtranscription", ""})
    void unknownOrMissingActionIsInvalidAction(String action) {
        TestClient.ApiResponse response = client.stop("t").action(action.isEmpty() ? null : action).send();

        assertThat(response.errorCode()).isEqualTo("InvalidAction");
    }

    @ParameterizedTest(name = "X-TC-Version {0}")
    @ValueSource(strings = {"2018-01-01", "2019-07-23", ""})
    void otherOrMissingVersionIsNoSuchVersion(String version) {
        TestClient.ApiResponse response = client.stop("t").version(version.isEmpty() ? null : version).send();

        assertThat(response.errorCode()).isEqualTo("NoSuchVersion");
    }

    @ParameterizedTest(name = "X-TC-Region {0}")
    @ValueSource(strings = {"ap-beijing", "AP-GUANGZHOU", ""})
    void otherOrMissingRegionIsUnsupportedRegion(String region) {
        TestClient.ApiResponse response = client.stop("t").region(region.isEmpty() ? null : region).send();

        assertThat(response.errorCode()).isEqualTo("UnsupportedRegion");
    }

    @ParameterizedTest(name = "X-TC-Region {0}")
    @ValueSource(strings = {"ap-guangzhou", "ap-hongkong", "ap-singapore"})
    void theThreeDocumentedRegionsAreSupported(String region) {
        assertThat(client.stop("t").region(region).send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void missingSdkAppIdIsMissingParameterSdkAppId() {
        assertThat(client.call(STOP, "{\"TaskId\":\"t\"}").send().errorCode()).isEqualTo("MissingParameter.SdkAppId");
        assertThat(client.call(STOP, "{\"SdkAppId\":null,\"TaskId\":\"t\"}").send().errorCode())
                .isEqualTo("MissingParameter.SdkAppId");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"SdkAppId\":1400000000}", "{\"SdkAppId\":1400000000,\"TaskId\":\"\"}",
            "{\"SdkAppId\":1400000000,\"TaskId\":null}"})
    void missingTaskIdIsMissingParameterTaskId(String body) {
        assertThat(client.call(STOP, body).send().errorCode()).isEqualTo("MissingParameter.TaskId");
    }

    @ParameterizedTest(name = "SdkAppId {0}")
    @ValueSource(strings = {"0", "-1", "4294967296", "1.5", "1400000000.0", "1e30", "123456789012345678901234567890"})
    void sdkAppIdOutsideTheUnsignedIntRangeIsInvalidParameterSdkAppId(String sdkAppId) {
        TestClient.ApiResponse response = client.call(STOP, "{\"SdkAppId\":" + sdkAppId + ",\"TaskId\":\"t\"}").send();

        assertThat(response.errorCode()).isEqualTo("InvalidParameter.SdkAppId");
    }

    @ParameterizedTest(name = "SdkAppId {0}")
    @ValueSource(longs = {1, 4_294_967_295L})
    void sdkAppIdBoundsAreAccepted(long sdkAppId) {
        TestClient.ApiResponse response = client.call(STOP, "{\"SdkAppId\":" + sdkAppId + ",\"TaskId\":\"t\"}").send();

        assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{", "", "[]", "\"text\"", "{\"SdkAppId\":1400000000,\"TaskId\":\"t\"} trailing",
            "{\"SdkAppId\":\"1400000000\",\"TaskId\":\"t\"}", "{\"SdkAppId\":1400000000,\"TaskId\":7}",
            "{\"SdkAppId\":1400000000,\"TaskId\":[\"t\"]}", "{\"SdkAppId\":1,\"SdkAppId\":2,\"TaskId\":\"t\"}"})
    void bodiesThatAreNotJsonOrHaveWrongTypesAreInvalidParameter(String body) {
        assertThat(client.call(STOP, body).send().errorCode()).isEqualTo("InvalidParameter");
    }

    @Test
    void undefinedParametersAreUnknownParameter() {
        TestClient.ApiResponse response =
                client.call(STOP, "{\"SdkAppId\":1400000000,\"TaskId\":\"t\",\"Region\":\"ap-guangzhou\"}").send();

        assertThat(response.errorCode()).isEqualTo("UnknownParameter");
        assertThat(response.errorMessage()).contains("Region");
    }

    @Test
    void unknownTaskIsResourceNotFound() {
        String neverCreated = "-nE5Nd9U7pfwyEzu+8LNXeXXXXXXndibj-r1AI7H3plkD1p8pHX71AE.";

        TestClient.ApiResponse response = client.stop(neverCreated).send();

        assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void stoppedTaskIsResourceNotFound() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        assertThat(client.stop(taskId).send().errorCode()).isNull();

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void anotherApplicationsTaskIsResourceNotFound() {
        String taskId = emulator.createTask(1400000001L, "room");

        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void createWithoutRoomIdIsMissingParameterRoomId() {
        TestClient.ApiResponse response =
                client.call("CreateCloudTranscription", "{\"SdkAppId\":1400000000}").send();

        assertThat(response.errorCode()).isEqualTo("MissingParameter.RoomId");
    }

    @Test
    void onlyPostIsSupported() {
        TestClient.ApiResponse response = client.stop("t").method("PUT").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.errorCode()).isEqualTo("UnsupportedProtocol");
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @CsvSource({"application/x-www-form-urlencoded", "text/plain; charset=utf-8"})
    void onlyJsonIsSupported(String contentType) {
        TestClient.ApiResponse response = client.stop("t").contentType(contentType).send();

        assertThat(response.errorCode()).isEqualTo("InvalidParameter");
        assertThat(response.errorMessage()).contains("Content-Type");
    }

    @Test
    void contentTypeWithoutCharsetIsAcceptedWhenSignedAsSent() {
        assertThat(client.stop("t").contentType("application/json").send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void otherPathsAreNotFound() {
        TestClient.ApiResponse response = client.stop("t").path("/v3").send();

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void bodiesOverTenMegabytesAreRequestSizeLimitExceeded() {
        String huge = "{\"SdkAppId\":1400000000,\"TaskId\":\"" + "x".repeat(ApiEndpoint.MAX_BODY_BYTES) + "\"}";

        assertThat(client.call(STOP, huge).send().errorCode()).isEqualTo("RequestSizeLimitExceeded");
    }

    @Test
    void signatureIsCheckedBeforeActionVersionRegionAndParameters() {
        TestClient.ApiResponse response = client.call("NoSuchAction", "not json").version("1999-01-01")
                .region("mars").secretKey("wrong").send();

        assertThat(response.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void callsAreCountedByActionAndCode() {
        client.stop("t").send();
        client.stop("t").send();
        client.stop("t").version("1").send();
        client.call("Nope", "{}").send();

        assertThat(emulator.callsByActionAndCode()).containsEntry(STOP,
                Map.of("ResourceNotFound", 2L, "NoSuchVersion", 1L));
        assertThat(emulator.callCount("Nope", "InvalidAction")).isEqualTo(1);
    }
}
