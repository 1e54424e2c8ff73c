package io.trtcstop.worker.chaos;

/** What the worker must make of one command record the test sent. */
sealed interface Expected {

    /** A valid stop command for a running task: it must be stopped, and the outcome must not be a dead letter. */
    record Stop(String taskId) implements Expected {
    }

    /** Bad input of this kind: it must be dead-lettered as InvalidCommand.* without any API call. */
    record Invalid(String kind) implements Expected {
    }
}
