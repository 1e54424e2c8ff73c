package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.CommonRequest;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tencent's own Java SDK against the emulator. The SDK signs the first label of the endpoint's host as the
 * service, so it talks to {@code trtc.local} (resolved to 127.0.0.1 by the test JVM's jdk.net.hosts.file).
 * It stamps requests with the system clock, so the emulator uses the system clock here.
 */
class SdkEndToEndIT {

    @AutoClose
    private final TrtcEmulator emulator = Emulators.startedOnSystemClock();

    @Test
    void createStopAndStopAgainThroughTheOfficialSdk() throws TencentCloudSDKException {
        CommonClient sdk = sdkClient(TestClient.SECRET_KEY);

        JsonNode created = call(sdk, "CreateCloudTranscription", "{\"SdkAppId\":1400000000,\"RoomId\":\"sdk-room\"}");
        String taskId = created.path("Response").path("TaskId").stringValue();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);

        JsonNode described = call(sdk, "DescribeCloudTranscription", stopBody(taskId));
        assertThat(described.path("Response").path("Status").stringValue()).isEqualTo("InProgress");

        JsonNode stopped = call(sdk, "DeleteCloudTranscription", stopBody(taskId));
        assertThat(stopped.path("Response").path("TaskId").stringValue()).isEqualTo(taskId);
        assertThat(stopped.path("Response").path("RequestId").stringValue()).isNotBlank();
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.STOPPED);

        assertThatThrownBy(() -> call(sdk, "DeleteCloudTranscription", stopBody(taskId)))
                .isInstanceOfSatisfying(TencentCloudSDKException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.getRequestId()).isNotBlank();
                });
        assertThat(emulator.stopCallCount(taskId)).isEqualTo(2);
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);
    }

    @Test
    void theSdkWithAWrongKeyGetsSignatureFailure() {
        String taskId = emulator.createTask(TestClient.SDK_APP_ID, "room");
        CommonClient sdk = sdkClient("not-the-key");

        assertThatThrownBy(() -> call(sdk, "DeleteCloudTranscription", stopBody(taskId)))
                .isInstanceOfSatisfying(TencentCloudSDKException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure"));
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);
    }

    static CommonClient sdkClient(int port, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("trtc.local:" + port);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setReadTimeout(10);
        return new CommonClient("trtc", "2019-07-22", new Credential(TestClient.SECRET_ID, secretKey),
                "ap-guangzhou", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }

    private CommonClient sdkClient(String secretKey) {
        return sdkClient(emulator.port(), secretKey);
    }

    static JsonNode call(CommonClient sdk, String action, String body) throws TencentCloudSDKException {
        return JsonCodec.MAPPER.readTree(sdk.commonRequest(new CommonRequest(body), action));
    }

    private static String stopBody(String taskId) {
        return "{\"SdkAppId\":1400000000,\"TaskId\":\"" + taskId + "\"}";
    }
}
