package io.trtcstop.worker.observability;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs an {@link OpsEndpoint} alone in its own JVM (the JDK reads its server limits once per JVM, and the unit tests
 * share one with other HTTP servers) and prints its port; it ends when its standard input closes.
 */
public final class OpsEndpointProbe {

    public static void main(String[] args) throws Exception {
        WorkerHealth health = new WorkerHealth(new LoopMonitor(WorkerMetrics.inMemory(), Clock.systemUTC()),
                () -> true, Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (OpsEndpoint endpoint = OpsEndpoint.start("127.0.0.1", 0, WorkerMetrics.prometheus(), health)) {
            System.out.println("port " + endpoint.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes the pipe
            }
        }
    }
}
