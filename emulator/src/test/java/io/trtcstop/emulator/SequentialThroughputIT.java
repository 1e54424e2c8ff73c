package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Calls per second of one client that waits for each answer before the next call: the emulator must not be
 * the bottleneck of a benchmark (the API's own limit is 20/s), and must not fall into the 40 ms
 * Nagle/delayed-ACK trap. Every call is signed, verified and stops a real task.
 */
class SequentialThroughputIT {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 2000;

    @AutoClose
    private final TrtcEmulator emulator = Emulators.startedOnSystemClock(b -> b.rateLimitPerSecond(0));

    @Test
    void javaHttpClient() {
        TestClient client = new TestClient(emulator.endpoint(), Clock.systemUTC());
        List<String> taskIds = tasks(WARM_UP + MEASURED);

        for (String taskId : taskIds.subList(0, WARM_UP)) {
            assertThat(client.stop(taskId).send().errorCode()).isNull();
        }
        long started = System.nanoTime();
        for (String taskId : taskIds.subList(WARM_UP, taskIds.size())) {
            assertThat(client.stop(taskId).send().errorCode()).isNull();
        }

        report("java.net.http client", started);
    }

    @Test
    void tencentSdkClient() throws TencentCloudSDKException {
        CommonClient sdk = SdkEndToEndIT.sdkClient(emulator.port(), TestClient.SECRET_KEY);
        List<String> taskIds = tasks(WARM_UP + MEASURED);

        for (String taskId : taskIds.subList(0, WARM_UP)) {
            stop(sdk, taskId);
        }
        long started = System.nanoTime();
        for (String taskId : taskIds.subList(WARM_UP, taskIds.size())) {
            stop(sdk, taskId);
        }

        report("Tencent SDK (OkHttp) client", started);
    }

    private void report(String client, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double callsPerSecond = MEASURED / seconds;
        System.out.printf("Sequential DeleteCloudTranscription, %s: %d calls in %.2f s = %.0f calls/s%n", client,
                MEASURED, seconds, callsPerSecond);
        // A figure, not an assertion: speed depends on the machine and its load (see the README's Performance).
    }

    private static void stop(CommonClient sdk, String taskId) throws TencentCloudSDKException {
        SdkEndToEndIT.call(sdk, "DeleteCloudTranscription",
                "{\"SdkAppId\":1400000000,\"TaskId\":\"" + taskId + "\"}");
    }

    private List<String> tasks(int count) {
        List<String> taskIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taskIds.add(emulator.createTask(TestClient.SDK_APP_ID, "room-" + i));
        }
        return taskIds;
    }
}
