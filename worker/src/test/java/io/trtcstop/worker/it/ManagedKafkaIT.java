package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.LocalKafkaBroker;
import io.trtcstop.kafka.testkit.SaslSslKafkaBroker;
import io.trtcstop.worker.kafka.KafkaClients;
import io.trtcstop.worker.kafka.StopWorker;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker against a broker as managed Kafka offers it: SASL_SSL with SCRAM-SHA-512 over TLS and an authorizer that
 * denies what no ACL allows, configured through {@code KAFKA_CLIENT_*} only. With the ACLs docs/deployment.md lists it
 * works exactly once; with one missing it does not start, and its one-line start-up error names what is missing.
 */
class ManagedKafkaIT {

    private static final long APP = 1400000003L;
    private static final String PASSWORD = "a-secret-password";

    private static SaslSslKafkaBroker kafka;
    private final InJvmWorkers workers = new InJvmWorkers();
    private CommandTopics topics;
    private TrtcEmulator emulator;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SaslSslKafkaBroker.start(Files.createTempDirectory("kafka-sasl-ssl-"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void topicsAndApi() {
        emulator = workers.closeAtEnd(Emulators.start(5000));
        topics = workers.closeAtEnd(new CommandTopics(kafka.plaintext(), 3));
    }

    @AfterEach
    void stopWorkers() throws Exception {
        workers.close();
    }

    /** The worker's environment with the user's client settings as KAFKA_CLIENT_* variables, nothing else. */
    private Map<String, String> env(String user) {
        Map<String, String> env = topics.workerEnv(kafka.bootstrapServers(), emulator.endpoint().toString(), user);
        kafka.clientProperties(user, PASSWORD).forEach((property, value) ->
                env.put("KAFKA_CLIENT_" + property.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    /** The ACLs docs/deployment.md lists, each of which a test may leave out. */
    private void grant(String user, boolean group, boolean transactionalIds) {
        kafka.createUser(user, PASSWORD);
        kafka.allow(user, ResourceType.TOPIC, topics.stop, false, AclOperation.READ, AclOperation.DESCRIBE);
        kafka.allow(user, ResourceType.TOPIC, topics.outcome, false, AclOperation.WRITE, AclOperation.DESCRIBE);
        kafka.allow(user, ResourceType.TOPIC, topics.deadLetter, false, AclOperation.WRITE, AclOperation.DESCRIBE);
        if (group) {
            kafka.allow(user, ResourceType.GROUP, topics.group, false, AclOperation.READ, AclOperation.DESCRIBE);
        }
        if (transactionalIds) {
            kafka.allow(user, ResourceType.TRANSACTIONAL_ID, topics.group + "-", true, AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        }
    }

    @Test
    void withTheDocumentedAclsEveryCommandGetsExactlyOneOutcome() throws Exception {
        grant("worker-ok", true, true);
        int records = 0;
        for (int i = 0; i < 30; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            topics.send(task, Commands.stop(APP, task));
            records++;
        }
        topics.send("bad", Commands.INVALID[0]);
        records++;
        topics.flush();

        StopWorker worker = workers.start(env("worker-ok"));

        CommittedOnce.assertExactlyOnce(topics, records);
        assertThat(worker.failure()).isNull();
    }

    @Test
    void withoutTheTransactionalIdAclItDoesNotStartAndSaysWhy() {
        grant("worker-no-tx", true, false);

        assertThatThrownBy(() -> workers.start(env("worker-no-tx")))
                .isInstanceOf(KafkaClients.StartupException.class)
                .hasMessageContaining("WRITE on transactional id " + topics.group + "-worker-no-tx")
                .hasMessageNotContaining(PASSWORD)
                .message().doesNotContain("\n");
    }

    @Test
    void withoutTheGroupAclItDoesNotStartAndSaysWhy() {
        grant("worker-no-group", false, true);

        assertThatThrownBy(() -> workers.start(env("worker-no-group")))
                .isInstanceOf(KafkaClients.StartupException.class)
                .hasMessageContaining("READ on consumer group " + topics.group)
                .hasMessageNotContaining("transactional id");
    }

    @Test
    void withoutWriteOnTheOutcomeTopicItDoesNotStartAndSaysWhy() {
        kafka.createUser("worker-no-write", PASSWORD);
        kafka.allow("worker-no-write", ResourceType.TOPIC, topics.stop, false, AclOperation.READ, AclOperation.DESCRIBE);
        kafka.allow("worker-no-write", ResourceType.TOPIC, topics.outcome, false, AclOperation.DESCRIBE);
        kafka.allow("worker-no-write", ResourceType.TOPIC, topics.deadLetter, false, AclOperation.WRITE,
                AclOperation.DESCRIBE);

        assertThatThrownBy(() -> workers.start(env("worker-no-write")))
                .isInstanceOf(KafkaClients.StartupException.class)
                .hasMessageContaining("WRITE on topic " + topics.outcome)
                .hasMessageContaining("READ on consumer group")
                .hasMessageContaining("WRITE on transactional id");
    }

    @Test
    void aClusterWhoseOffsetMetadataLimitIsTooSmallIsAStartupErrorThatSaysSo() throws Exception {
        LocalKafkaBroker small = LocalKafkaBroker.start(Files.createTempDirectory("kafka-small-metadata-"),
                Map.of("offset.metadata.max.bytes", "1024"));
        try (CommandTopics smallTopics = new CommandTopics(small, 1)) {
            Map<String, String> env = smallTopics.workerEnv(small.bootstrapServers(), emulator.endpoint().toString(),
                    "small-metadata");

            assertThatThrownBy(() -> workers.start(env))
                    .isInstanceOf(KafkaClients.StartupException.class)
                    .hasMessageContaining("offset.metadata.max.bytes is 1024")
                    .hasMessageContaining("at least " + 3 * 1024);
        } finally {
            small.closeAndDeleteData();
        }
    }
}
