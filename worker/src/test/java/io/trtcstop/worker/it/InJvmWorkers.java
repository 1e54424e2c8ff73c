package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.WorkerWiring;
import io.trtcstop.worker.config.WorkerConfig;
import io.trtcstop.worker.kafka.StopWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Workers started in the test's JVM, and what else a test opened: stopped (and checked) and closed at the end. */
final class InJvmWorkers implements AutoCloseable {

    private final List<StopWorker> workers = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    StopWorker start(Map<String, String> env) {
        return start(env, WorkerWiring.KafkaClientDecorator.NONE);
    }

    /** A worker whose Kafka clients {@code decorate} wraps (e.g. {@link FaultyClients}). */
    StopWorker start(Map<String, String> env, WorkerWiring.KafkaClientDecorator decorate) {
        StopWorker worker = WorkerWiring.start(WorkerConfig.fromEnvironment(env), decorate);
        workers.add(worker);
        return worker;
    }

    <T extends AutoCloseable> T closeAtEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (StopWorker worker : workers) {
            worker.stop();
            assertThat(worker.awaitStopped(Duration.ofSeconds(30))).as("worker stops").isTrue();
        }
        for (AutoCloseable c : resources.reversed()) {
            c.close();
        }
    }
}
