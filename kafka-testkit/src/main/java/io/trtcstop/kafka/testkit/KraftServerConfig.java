package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one KRaft node (broker and controller in one process) tuned for fast tests on
 * loopback: a single node with one replica of everything, or one node of a cluster whose topics have
 * {@code replicas} replicas and {@code min.insync.replicas} of {@code replicas - 1}.
 *
 * @param quorumVoters {@code controller.quorum.voters}: {@code id@host:port} of every controller
 */
record KraftServerConfig(int nodeId, BrokerPorts ports, String quorumVoters, int replicas, Path logDirs,
                         Map<String, String> overrides) {

    static final String HOST = "127.0.0.1";

    KraftServerConfig {
        if (!logDirs.isAbsolute()) {
            throw new IllegalArgumentException("log.dirs must be absolute, got " + logDirs);
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        overrides = Map.copyOf(overrides);
    }

    KraftServerConfig(int nodeId, BrokerPorts ports, String quorumVoters, int replicas, Path logDirs) {
        this(nodeId, ports, quorumVoters, replicas, logDirs, Map.of());
    }

    /** The same node with {@code more} put over its properties (e.g. another listener, an authorizer). */
    KraftServerConfig with(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(more);
        return new KraftServerConfig(nodeId, ports, quorumVoters, replicas, logDirs, merged);
    }

    /** A single node: node id 1, its own quorum of one, one replica. */
    KraftServerConfig(BrokerPorts ports, Path logDirs) {
        this(1, ports, voter(1, ports), 1, logDirs);
    }

    static String voter(int nodeId, BrokerPorts ports) {
        return nodeId + "@" + HOST + ":" + ports.controller();
    }

    String bootstrapServers() {
        return HOST + ":" + ports.broker();
    }

    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", quorumVoters);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + ports.broker() + ",CONTROLLER://" + HOST + ":" + ports.controller());
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        // Forward slashes: Properties.load reads a backslash as an escape, and Java accepts '/' everywhere.
        p.put("log.dirs", logDirs.toString().replace('\\', '/'));
        // Every topic, internal ones too, has `replicas` replicas; a write needs all but one of them (one node
        // down is fine, two are not, as in production). One partition per internal topic keeps start-up and
        // recovery short.
        String rf = String.valueOf(replicas);
        String minIsr = String.valueOf(Math.max(1, replicas - 1));
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        // A consumer joining a group gets its partitions at once instead of after the default 3 s delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics exist only when created on purpose, as in production.
        p.put("auto.create.topics.enable", "false");
        // A restarted broker re-registers in seconds instead of waiting out the default session (12 s -> 4.5 s).
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.putAll(overrides);
        return p;
    }

    String render() {
        return properties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# Written by kafka-testkit; rewritten at every start.\n", "\n"));
    }

    void writeTo(Path file) {
        try {
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
