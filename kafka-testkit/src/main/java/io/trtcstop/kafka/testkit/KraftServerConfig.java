package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code server.properties} of a single-node KRaft broker tuned for fast tests on loopback. */
record KraftServerConfig(BrokerPorts ports, Path logDirs) {

    static final String HOST = "127.0.0.1";

    KraftServerConfig {
        if (!logDirs.isAbsolute()) {
            throw new IllegalArgumentException("log.dirs must be absolute, got " + logDirs);
        }
    }

    String bootstrapServers() {
        return HOST + ":" + ports.broker();
    }

    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + ports.controller());
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + ports.broker() + ",CONTROLLER://" + HOST + ":" + ports.controller());
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        // Forward slashes: Properties.load reads a backslash as an escape, and Java accepts '/' everywhere.
        p.put("log.dirs", logDirs.toString().replace('\\', '/'));
        // One node: every internal topic has one replica, and one partition keeps start-up and recovery short.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // A consumer joining a group gets its partitions at once instead of after the default 3 s delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics exist only when created on purpose, as in production.
        p.put("auto.create.topics.enable", "false");
        // A restarted broker re-registers in seconds instead of waiting out the default session (12 s -> 4.5 s).
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
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
