package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One running child JVM started by {@link ChildJvmLauncher}. */
final class ChildJvm {

    private final Process process;

    ChildJvm(Process process) {
        this.process = process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status, or empty if the JVM is still running. */
    OptionalInt exitStatus() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the JVM to end by itself; empty if it is still running after {@code timeout}. */
    OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitGone();
    }

    /** SIGTERM for a clean shutdown; SIGKILL if it has not ended within {@code grace}. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            closeParentPipe();
            return;
        }
        process.destroy();
        if (awaitExit(grace).isEmpty()) {
            process.destroyForcibly();
        }
        awaitGone();
    }

    private void awaitGone() {
        boolean interrupted = false;
        while (process.isAlive()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                interrupted = true; // the process is already killed; finish waiting, then restore the flag
            }
        }
        closeParentPipe();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeParentPipe() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing to do: the child is gone and so is the other end of the pipe.
        }
    }
}
