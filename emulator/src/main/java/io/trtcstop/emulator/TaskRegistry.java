package io.trtcstop.emulator;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The transcription tasks the emulator knows, and their state. Thread-safe. */
final class TaskRegistry {

    /** A registered task; its state only ever moves from RUNNING to STOPPED. */
    record Task(String taskId, long sdkAppId, String roomId, long sequence, AtomicReference<TaskState> state) {

        boolean running() {
            return state.get() == TaskState.RUNNING;
        }
    }

    private final ConcurrentHashMap<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final TaskIdGenerator ids;

    TaskRegistry(TaskIdGenerator ids) {
        this.ids = ids;
    }

    String create(long sdkAppId, String roomId) {
        SdkAppIds.require(sdkAppId);
        Objects.requireNonNull(roomId, "roomId");
        while (true) {
            String taskId = ids.next();
            Task task = new Task(taskId, sdkAppId, roomId, sequence.incrementAndGet(),
                    new AtomicReference<>(TaskState.RUNNING));
            if (tasks.putIfAbsent(taskId, task) == null) {
                return taskId;
            }
        }
    }

    TaskState state(String taskId) {
        Task task = tasks.get(taskId);
        return task == null ? TaskState.UNKNOWN : task.state().get();
    }

    Optional<Task> find(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** The task if it exists, runs, and belongs to this application (a task is only visible to its own app). */
    Optional<Task> running(long sdkAppId, String taskId) {
        return Optional.ofNullable(tasks.get(taskId))
                .filter(task -> task.sdkAppId() == sdkAppId && task.running());
    }

    /** Stops a running task of this application; false when there is none (unknown, other app, or stopped). */
    boolean stop(long sdkAppId, String taskId) {
        Task task = tasks.get(taskId);
        return task != null && task.sdkAppId() == sdkAppId
                && task.state().compareAndSet(TaskState.RUNNING, TaskState.STOPPED);
    }

    /** All tasks, oldest first. */
    List<Task> all() {
        return tasks.values().stream().sorted(Comparator.comparingLong(Task::sequence)).toList();
    }

    long count(TaskState state) {
        return tasks.values().stream().filter(task -> task.state().get() == state).count();
    }

    void clear() {
        tasks.clear();
    }
}
