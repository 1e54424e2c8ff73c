package io.trtcstop.kafka.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.TimeoutException;

/** Waits until a freshly started broker answers {@code describeCluster}, or explains why it did not. */
final class BrokerReadiness {

    private static final Duration ATTEMPT = Duration.ofSeconds(1);
    private static final Duration AFTER_FAST_FAILURE = Duration.ofMillis(100);

    private BrokerReadiness() {
    }

    static void await(Admin admin, ChildJvm broker, Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable lastError = null;
        while (true) {
            OptionalInt status = broker.exitStatus();
            if (status.isPresent()) {
                throw new IllegalStateException(LogTail.explain(
                        "The Kafka broker exited with status " + status.getAsInt() + " before it answered.", log));
            }
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (remainingMillis <= 0) {
                throw new IllegalStateException(LogTail.explain("The Kafka broker did not answer within " + timeout
                        + (lastError == null ? "" : " (last error: " + lastError + ")") + ".", log));
            }
            try {
                int attemptMillis = (int) Math.min(ATTEMPT.toMillis(), remainingMillis);
                // Fenced brokers are not listed: an empty answer means it is up but not yet serving.
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMillis)).nodes().get().isEmpty()) {
                    return;
                }
                Pause.of(AFTER_FAST_FAILURE);
            } catch (ExecutionException e) {
                lastError = e.getCause();
                if (!(lastError instanceof TimeoutException)) {
                    Pause.of(AFTER_FAST_FAILURE); // a timed-out attempt has waited already; a fast failure has not
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
            }
        }
    }
}
