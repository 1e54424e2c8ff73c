package io.trtcstop.kafka.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker running in a child JVM, for tests and local runs without Docker.
 *
 * <p>The child's classpath comes from module kafka-broker, so the broker's jars never touch the caller's
 * classpath. The child cannot outlive this JVM: it halts when its stdin pipe from us closes (see
 * {@link ParentWatchdogMain}), and a shutdown hook stops it on a normal exit. Its output goes to
 * {@code <dataDir>/broker.log}.
 *
 * <p>Thread-safe. {@link #close()} stops the broker and keeps its data; {@link #closeAndDeleteData()} also
 * deletes the data directory.
 */
public final class LocalKafkaBroker implements KafkaBroker, AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    static final String BROKER_MAIN = "kafka.Kafka";
    static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final BrokerDataDir dataDir;
    private final KraftServerConfig config;
    private final ChildJvmLauncher launcher;
    private final Admin admin;
    private final Thread shutdownHook;
    private volatile ChildJvm process;
    private boolean closed;

    private LocalKafkaBroker(BrokerDataDir dataDir, KraftServerConfig config, ChildJvmLauncher launcher) {
        this.dataDir = dataDir;
        this.config = config;
        this.launcher = launcher;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-testkit-admin",
                // Reconnect quickly after a restart instead of backing off for up to 1 s.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        this.shutdownHook = new Thread(this::stopProcess, "kafka-testkit-broker-stop");
    }

    /**
     * Starts a broker whose files live in {@code dataDir} (created if needed; storage formatted only if it
     * was never formatted, so existing topics and offsets survive) on two free loopback ports, and returns
     * once it answers.
     *
     * @throws IllegalStateException if it does not come up within 60 s; the message holds the log's tail
     */
    public static LocalKafkaBroker start(Path dataDir) {
        return start(dataDir, ports -> Map.of());
    }

    /** {@link #start(Path)} with {@code serverProperties} put over the test kit's (e.g. a broker limit to test). */
    public static LocalKafkaBroker start(Path dataDir, Map<String, String> serverProperties) {
        return start(dataDir, ports -> serverProperties);
    }

    /**
     * {@link #start(Path)} with more server properties, made from the broker's ports (e.g. a second listener, an
     * authorizer): what {@link SaslSslKafkaBroker} uses. The test kit's own admin client stays on the PLAINTEXT
     * listener.
     */
    static LocalKafkaBroker start(Path dataDir, java.util.function.Function<BrokerPorts, Map<String, String>> more) {
        BrokerDataDir dir = new BrokerDataDir(dataDir);
        dir.create();
        BrokerPorts ports = BrokerPorts.pickFree();
        KraftServerConfig config = new KraftServerConfig(ports, dir.kafkaData()).with(more.apply(ports));
        config.writeTo(dir.serverProperties());
        ChildJvmLauncher launcher = ChildJvmLauncher.forBroker(BrokerClasspath.load(), dir);
        if (!dir.isFormatted()) {
            formatStorage(launcher, dir, Uuid.randomUuid().toString());
        }
        LocalKafkaBroker broker = new LocalKafkaBroker(dir, config, launcher);
        try {
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            broker.launch();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Formats a node's storage for cluster {@code clusterId}; every node of one cluster needs the same id. */
    static void formatStorage(ChildJvmLauncher launcher, BrokerDataDir dir, String clusterId) {
        ChildJvm format = launcher.launch(STORAGE_TOOL_MAIN,
                "format", "-t", clusterId, "-c", dir.serverProperties().toString());
        OptionalInt status = format.awaitExit(START_TIMEOUT);
        if (status.isEmpty()) {
            format.kill();
            throw new IllegalStateException(LogTail.explain(
                    "Formatting the broker's storage took longer than " + START_TIMEOUT + ".", dir.brokerLog()));
        }
        if (status.getAsInt() != 0) {
            throw new IllegalStateException(LogTail.explain(
                    "Formatting the broker's storage failed with status " + status.getAsInt() + ".", dir.brokerLog()));
        }
    }

    private void launch() {
        long started = System.nanoTime();
        ChildJvm child = launcher.launch(BROKER_MAIN, dataDir.serverProperties().toString());
        process = child;
        try {
            BrokerReadiness.await(admin, child, START_TIMEOUT, dataDir.brokerLog());
        } catch (RuntimeException e) {
            child.kill();
            throw e;
        }
        log.info("Kafka broker (pid {}) answers at {} after {} ms; data and log in {}", child.pid(),
                config.bootstrapServers(), Duration.ofNanos(System.nanoTime() - started).toMillis(), dataDir.root());
    }

    @Override
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    @Override
    public void createTopics(int partitions, String... names) {
        TopicSetup.create(admin, partitions, names);
    }

    @Override
    public boolean supportsCrashTesting() {
        return true;
    }

    /** SIGKILL: no clean shutdown, as in a crash. Returns once the process is gone. */
    @Override
    public synchronized void kill() {
        ensureOpen();
        process.kill();
    }

    /** Starts the broker again on the same data directory and ports; a running broker is stopped cleanly first. */
    @Override
    public synchronized void restart() {
        ensureOpen();
        process.stop(STOP_GRACE);
        launch();
    }

    @Override
    public Admin admin() {
        return admin;
    }

    /** The process id of the running broker JVM; it changes with every {@link #restart()}. */
    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir.root();
    }

    /** The broker's console output. */
    public Path logFile() {
        return dataDir.brokerLog();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after a few seconds) and closes the admin client; keeps the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(Duration.ofSeconds(2));
        } finally {
            stopProcess();
            removeShutdownHook();
        }
    }

    /** {@link #close()}, then deletes the data directory with everything in it. */
    public synchronized void closeAndDeleteData() {
        close();
        dataDir.delete();
    }

    private void stopProcess() {
        ChildJvm child = process;
        if (child != null) {
            child.stop(STOP_GRACE);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook stops the broker anyway.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this LocalKafkaBroker is closed");
        }
    }

    @Override
    public String toString() {
        return "LocalKafkaBroker[" + bootstrapServers() + ", " + dataDir.root() + "]";
    }
}
