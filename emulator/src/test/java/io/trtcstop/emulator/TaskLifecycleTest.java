package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Create, describe, stop: the task registry behind the three actions, and the counters tests rely on. */
class TaskLifecycleTest {

    private final MutableClock clock = new MutableClock(Emulators.START);
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock);
    private final TestClient client = new TestClient(emulator.endpoint(), clock);

    @Test
    void aTaskIsCreatedDescribedStoppedAndThenGone() {
        TestClient.ApiResponse created = client.create("room-7").send();
        assertThat(created.errorCode()).as(created.body()).isNull();
        String taskId = created.field("TaskId");
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.RUNNING);

        TestClient.ApiResponse described = client.describe(taskId).send();
        assertThat(described.field("Status")).isEqualTo("InProgress");

        TestClient.ApiResponse stopped = client.stop(taskId).send();
        assertThat(stopped.errorCode()).isNull();
        assertThat(stopped.field("TaskId")).isEqualTo(taskId);
        assertThat(emulator.taskState(taskId)).isEqualTo(TaskState.STOPPED);

        assertThat(client.describe(taskId).send().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.stop(taskId).send().errorCode()).isEqualTo("ResourceNotFound");

        assertThat(emulator.stopCallCount(taskId)).isEqualTo(2);
        assertThat(emulator.successfulStopCount(taskId)).isEqualTo(1);
        assertThat(emulator.callCount("DeleteCloudTranscription", "OK")).isEqualTo(1);
        assertThat(emulator.callCount("DeleteCloudTranscription", "ResourceNotFound")).isEqualTo(1);
        assertThat(emulator.callCount("CreateCloudTranscription", "OK")).isEqualTo(1);
        assertThat(emulator.callCount("DescribeCloudTranscription", "OK")).isEqualTo(1);
    }

    @Test
    void stopCallsForUnknownTaskIdsAreCountedToo() {
        client.stop("never-created").send();

        assertThat(emulator.taskState("never-created")).isEqualTo(TaskState.UNKNOWN);
        assertThat(emulator.stopCallCount("never-created")).isEqualTo(1);
        assertThat(emulator.successfulStopCount("never-created")).isZero();
    }

    @Test
    void taskIdsAreShapedLikeTheApisAndUnique() {
        String first = emulator.createTask(TestClient.SDK_APP_ID, "room");
        String second = emulator.createTask(TestClient.SDK_APP_ID, "room");

        assertThat(first).matches("-[A-Za-z0-9+-]{15}\\+[A-Za-z0-9+-]{37}\\.").hasSize(55);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void taskIdsFollowTheInjectedRandom() {
        TaskIdGenerator a = new TaskIdGenerator(new RandomSource(new SplittableRandom(5)));
        TaskIdGenerator b = new TaskIdGenerator(new RandomSource(new SplittableRandom(5)));

        assertThat(a.next()).isEqualTo(b.next());
    }

    @Test
    void theJavaApiRejectsAnSdkAppIdTheApiWouldReject() {
        assertThatThrownBy(() -> emulator.createTask(0, "room")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SdkAppId");
    }
}
