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

    /**
     * SIGSTOP: the process freezes with its sockets open, so peers see a node that accepts connections but never
     * answers (a long GC pause, a hung host), not a crash. {@link #resume()} lets it go on.
     */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
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
