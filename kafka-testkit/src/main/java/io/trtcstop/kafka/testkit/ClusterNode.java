package io.trtcstop.kafka.testkit;

import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link KafkaCluster}: a broker and controller in one child JVM with its own data directory and
 * ports, which can be crashed, stopped cleanly, paused and started again on the same data.
 */
final class ClusterNode {

    /** Controlled shutdown moves this node's leaderships away first; on two cores that can take a while. */
    static final Duration CONTROLLED_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final int id;
    private final BrokerDataDir dataDir;
    private final KraftServerConfig config;
    private final ChildJvmLauncher launcher;
    private ChildJvm process;
    private boolean paused;

    ClusterNode(int id, BrokerDataDir dataDir, KraftServerConfig config) {
        this.id = id;
        this.dataDir = dataDir;
        this.config = config;
        this.launcher = ChildJvmLauncher.forBroker(BrokerClasspath.load(), dataDir);
    }

    int id() {
        return id;
    }

    String bootstrapServer() {
        return config.bootstrapServers();
    }

    BrokerDataDir dataDir() {
        return dataDir;
    }

    /** Writes the configuration and formats the storage (once, with the cluster's id). */
    void prepare(String clusterId) {
        dataDir.create();
        config.writeTo(dataDir.serverProperties());
        if (dataDir.isFormatted()) {
            return;
        }
        LocalKafkaBroker.formatStorage(launcher, dataDir, clusterId);
    }

    /** Starts the JVM; the caller waits for the node to register with the cluster. */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException("node " + id + " is running already (pid " + process.pid() + ")");
        }
        process = launcher.launch(LocalKafkaBroker.BROKER_MAIN, dataDir.serverProperties().toString());
        paused = false;
        log.info("Kafka node {} started (pid {}) at {}", id, process.pid(), bootstrapServer());
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit status of a node that ended, empty while it runs (or never ran). */
    synchronized OptionalInt exitStatus() {
        return process == null ? OptionalInt.empty() : process.exitStatus();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("node " + id + " never ran");
        }
        return process.pid();
    }

    /** SIGKILL: no controlled shutdown, as in a crash. */
    synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM: Kafka's controlled shutdown (leaderships moved away first); SIGKILL if it takes too long. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.stop(CONTROLLED_SHUTDOWN_GRACE);
    }

    synchronized void pause() {
        requireRunning().pause();
        paused = true;
    }

    synchronized void resume() {
        requireRunning().resume();
        paused = false;
    }

    private ChildJvm requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        return process;
    }

    @Override
    public String toString() {
        return "node " + id + " (" + bootstrapServer() + ")";
    }
}
