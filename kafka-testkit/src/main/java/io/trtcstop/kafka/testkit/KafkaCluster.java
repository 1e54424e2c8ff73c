package io.trtcstop.kafka.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated KRaft cluster of three child JVMs, each broker and controller, as production runs Kafka: every
 * topic (internal ones too) has 3 replicas and {@code min.insync.replicas} 2, so one node may be down and writes
 * go on. Nodes can be crashed ({@link #kill(int)}), stopped with a controlled shutdown ({@link #stop(int)}), frozen
 * ({@link #pause(int)}) and started again on the same data ({@link #start(int)}); {@link #groupCoordinator} and
 * {@link #transactionCoordinator} tell which node to hit. As a {@link KafkaBroker}, {@link #kill()} and
 * {@link #restart()} act on all nodes at once (the whole cluster crashes and comes back).
 */
public final class KafkaCluster implements KafkaBroker, AutoCloseable {

    public static final int NODES = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * KIP-848 groups keep a crashed member's partitions for the group's session timeout, which the broker sets (45 s
     * by default, and no less unless the broker allows it). 10 s, as the chaos tests give classic members through
     * KAFKA_CLIENT_SESSION_TIMEOUT_MS, so both protocols are tested with the same failure detection.
     */
    static final Map<String, String> KIP_848_SESSION = Map.of(
            "group.consumer.session.timeout.ms", "10000",
            "group.consumer.min.session.timeout.ms", "6000");

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

    private final Path root;
    private final List<ClusterNode> nodes;
    private final Admin admin;
    private final Thread shutdownHook = new Thread(this::stopAll, "kafka-testkit-cluster-stop");
    private boolean closed;

    private KafkaCluster(Path root, List<ClusterNode> nodes) {
        this.root = root;
        this.nodes = List.copyOf(nodes);
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-testkit-cluster-admin",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Formats (if needed) and starts three nodes under {@code root}/node-N, and returns once all three serve. */
    public static KafkaCluster start(Path root) {
        List<BrokerPorts> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(BrokerPorts.pickFree());
        }
        String voters = IntStream.range(0, NODES)
                .mapToObj(i -> KraftServerConfig.voter(i + 1, ports.get(i))).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            BrokerDataDir dir = new BrokerDataDir(root.resolve("node-" + (i + 1)));
            ClusterNode node = new ClusterNode(i + 1, dir,
                    new KraftServerConfig(i + 1, ports.get(i), voters, NODES, dir.kafkaData()).with(KIP_848_SESSION));
            node.prepare(clusterId);
            nodes.add(node);
        }
        KafkaCluster cluster = new KafkaCluster(root, nodes);
        try {
            Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            long started = System.nanoTime();
            nodes.forEach(ClusterNode::launch); // a controller quorum needs a majority: start all, then wait
            cluster.awaitServing(cluster.nodeIds());
            log.info("Kafka cluster of {} nodes answers at {} after {} ms; data and logs in {}", NODES,
                    cluster.bootstrapServers(), Duration.ofNanos(System.nanoTime() - started).toMillis(), root);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return nodes.stream().map(ClusterNode::bootstrapServer).collect(Collectors.joining(","));
    }

    @Override
    public void createTopics(int partitions, String... names) {
        TopicSetup.create(admin, partitions, names);
    }

    @Override
    public boolean supportsCrashTesting() {
        return true;
    }

    /** SIGKILL to every node: the whole cluster crashes. */
    @Override
    public synchronized void kill() {
        ensureOpen();
        nodes.forEach(ClusterNode::kill);
    }

    /** Starts every node that is not running (running ones are stopped first) and waits until all serve. */
    @Override
    public synchronized void restart() {
        ensureOpen();
        nodes.forEach(ClusterNode::stop);
        nodes.forEach(ClusterNode::launch);
        awaitServing(nodeIds());
    }

    @Override
    public Admin admin() {
        return admin;
    }

    public List<Integer> nodeIds() {
        return nodes.stream().map(ClusterNode::id).toList();
    }

    /** SIGKILL to one node; returns once its process is gone. The others elect new leaders and coordinators. */
    public void kill(int nodeId) {
        node(nodeId).kill();
    }

    /** Controlled shutdown of one node (SIGTERM; its leaderships move first); returns once it has exited. */
    public void stop(int nodeId) {
        node(nodeId).stop();
    }

    /** Starts a stopped or killed node on its data and ports; returns once the cluster lists it as serving. */
    public void start(int nodeId) {
        node(nodeId).launch();
        awaitServing(List.of(nodeId));
    }

    /** SIGSTOP: the node keeps its connections open but answers nothing until {@link #resume(int)}. */
    public void pause(int nodeId) {
        node(nodeId).pause();
    }

    public void resume(int nodeId) {
        node(nodeId).resume();
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /**
     * The node that coordinates {@code groupId} now: the leader of its {@code __consumer_offsets} partition (the
     * broker's own mapping), so it works before the group exists and while its coordinator is moving.
     */
    public int groupCoordinator(String groupId) {
        // Finding a coordinator creates __consumer_offsets if no group ever used the cluster; the answer (or the
        // "group not found" of a group that does not exist yet) does not matter.
        admin.describeConsumerGroups(List.of(groupId)).all().toCompletionStage().exceptionally(e -> null)
                .toCompletableFuture().join();
        return leader(internalPartition("__consumer_offsets", groupId));
    }

    /** The node that coordinates {@code transactionalId} now: the leader of its {@code __transaction_state} partition. */
    public int transactionCoordinator(String transactionalId) {
        return leader(internalPartition("__transaction_state", transactionalId));
    }

    private TopicPartition internalPartition(String topic, String key) {
        int partitions = get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic),
                "topic " + topic + " (created on the first group or transaction)").partitions().size();
        return new TopicPartition(topic, Utils.abs(key.hashCode()) % partitions);
    }

    /** The node leading {@code partition} now. */
    public int leader(TopicPartition partition) {
        TopicDescription topic = get(admin.describeTopics(List.of(partition.topic())).topicNameValues()
                .get(partition.topic()), "topic " + partition.topic());
        Node leader = topic.partitions().get(partition.partition()).leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException(partition + " has no leader now");
        }
        return leader.id();
    }

    /**
     * Waits until every partition of every topic (internal ones too) has all its replicas in sync again, as an
     * operator does between two steps of a rolling restart.
     */
    public void awaitFullyReplicated(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> lagging = Set.of();
        while (System.nanoTime() - deadline < 0) {
            try {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(10, TimeUnit.SECONDS);
                lagging = underReplicated(admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values());
                if (lagging.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                lagging = Set.of("(describe failed: " + e + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for replication", e);
            }
            Pause.of(Duration.ofMillis(200));
        }
        throw new IllegalStateException("partitions still under-replicated after " + timeout + ": " + lagging);
    }

    private static Set<String> underReplicated(Collection<TopicDescription> topics) {
        return topics.stream().flatMap(t -> t.partitions().stream()
                        .filter(p -> p.isr().size() < p.replicas().size())
                        .map(p -> t.name() + "-" + p.partition()))
                .collect(Collectors.toSet());
    }

    /** Waits until the cluster lists every one of {@code ids} as a serving (unfenced) broker. */
    private void awaitServing(List<Integer> ids) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Throwable lastError = null;
        while (true) {
            for (int id : ids) {
                if (node(id).exitStatus().isPresent()) {
                    throw new IllegalStateException(LogTail.explain("Kafka node " + id + " exited with status "
                            + node(id).exitStatus().getAsInt() + " before it served.", node(id).dataDir().brokerLog()));
                }
            }
            try {
                Set<Integer> serving = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                        .get().stream().map(Node::id).collect(Collectors.toSet());
                if (serving.containsAll(ids)) {
                    return;
                }
            } catch (ExecutionException e) {
                lastError = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(LogTail.explain("Kafka nodes " + ids + " did not serve within "
                        + TIMEOUT + (lastError == null ? "" : " (last error: " + lastError + ")") + ".",
                        node(ids.get(0)).dataDir().brokerLog()));
            }
            Pause.of(Duration.ofMillis(100));
        }
    }

    private ClusterNode node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("no node " + nodeId + "; the nodes are " + nodeIds());
        }
        return nodes.get(nodeId - 1);
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find " + what + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("finding " + what + " took longer than 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding " + what, e);
        }
    }

    public Path dataDir() {
        return root;
    }

    /** Closes the admin client and kills every node (its data is for this run only, so no clean shutdown). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(Duration.ofSeconds(2));
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already; the hook stops the nodes anyway.
            }
        }
    }

    /** {@link #close()}, then deletes every node's data directory. */
    public synchronized void closeAndDeleteData() {
        close();
        nodes.forEach(n -> n.dataDir().delete());
        root.toFile().delete();
    }

    /** SIGKILL, all at once: a controlled shutdown of each in turn would wait for leaderships to move around. */
    private void stopAll() {
        nodes.forEach(n -> {
            if (n.isRunning()) {
                n.kill();
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this KafkaCluster is closed");
        }
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + bootstrapServers() + ", " + root + "]";
    }
}
