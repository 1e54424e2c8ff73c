package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.kafka.StopWorker;
import io.trtcstop.worker.outcome.DeadLetterHeaders;
import io.trtcstop.emulator.TrtcEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records a producer may legally send but that would make outputs the broker refuses: a key 300 bytes under the
 * topics' {@code max.message.bytes}, and headers larger than the dead-letter topic takes. Each gets its outcome and
 * dead letter, and the commands around them are not held back.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PoisonRecordsIT {

    private static final long APP = 1400000001L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TOPIC_LIMIT = 256 * 1024;
    private static final int DLQ_LIMIT = 64 * 1024;
    private static final int COMMANDS = 200;

    private final InJvmWorkers workers = new InJvmWorkers();

    @AfterEach
    void stopEverything() throws Exception {
        workers.close();
    }

    @Test
    void aHugeKeyAndHugeHeadersGetTheirOutcomesAndTheOthersAreUnaffected(KafkaBroker broker) throws Exception {
        TrtcEmulator emulator = workers.closeAtEnd(Emulators.start(5000));
        CommandTopics topics = workers.closeAtEnd(new CommandTopics(broker, 3));
        limit(broker, topics.stop, TOPIC_LIMIT);
        limit(broker, topics.outcome, TOPIC_LIMIT);
        limit(broker, topics.deadLetter, DLQ_LIMIT);

        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TOPIC_LIMIT);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Set<String> tasks = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < COMMANDS; i++) {
                String task = emulator.createTask(APP, "room-" + i);
                tasks.add(task);
                producer.send(new ProducerRecord<>(topics.stop, task.getBytes(StandardCharsets.UTF_8),
                        Commands.stop(APP, task).getBytes(StandardCharsets.UTF_8)));
                if (i == COMMANDS / 3) {
                    byte[] hugeKey = new byte[TOPIC_LIMIT - 300];
                    Arrays.fill(hugeKey, (byte) 'k');
                    producer.send(new ProducerRecord<>(topics.stop, hugeKey, "x".getBytes(StandardCharsets.UTF_8))).get();
                }
                if (i == 2 * COMMANDS / 3) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("trace-dump", new byte[DLQ_LIMIT + 4096]);
                    producer.send(new ProducerRecord<>(topics.stop, null, "bulky".getBytes(StandardCharsets.UTF_8),
                            "x".getBytes(StandardCharsets.UTF_8), headers)).get();
                }
            }
            producer.flush();
        }
        int records = COMMANDS + 2;

        StopWorker worker = workers.start(topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(),
                "poison"));
        await("the first outcome").atMost(Duration.ofSeconds(60)).until(() -> !topics.outcomes().isEmpty());
        long first = System.nanoTime();
        await("every record's outcome within 60 s of the first").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> topics.outcomes().size() >= records);
        System.out.printf("poison records: %d outcomes %d ms after the first%n", records,
                (System.nanoTime() - first) / 1_000_000);

        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();
        assertThat(outcomes).hasSize(records);
        Set<String> stopped = new HashSet<>();
        int deadLettered = 0;
        for (ConsumerRecord<byte[], byte[]> r : outcomes) {
            JsonNode o = JSON.readTree(r.value());
            if (o.get("Status").asString().equals("STOPPED")) {
                stopped.add(o.get("TaskId").asString());
            } else {
                deadLettered++;
                assertThat(o.get("Error").get("Code").asString()).isEqualTo("InvalidCommand.NotJson");
                assertThat(r.key() == null ? 0 : r.key().length).as("the outcome's key is capped").isLessThanOrEqualTo(1024);
            }
        }
        assertThat(stopped).as("the others are unaffected").isEqualTo(tasks);
        assertThat(deadLettered).isEqualTo(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> topics.deadLettersToEnd().size() >= 2);
        List<ConsumerRecord<byte[], byte[]>> letters = topics.deadLettersToEnd();
        assertThat(letters).hasSize(2).allSatisfy(d -> {
            assertThat(d.value()).isNull();
            assertThat(header(d, DeadLetterHeaders.KEY_OMITTED)).isEqualTo("true");
            assertThat(d.headers().lastHeader("trace-dump")).isNull();
        });
        assertThat(letters).extracting(d -> header(d, DeadLetterHeaders.KEY_BYTES))
                .containsExactlyInAnyOrder(Integer.toString(TOPIC_LIMIT - 300), "5");
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.committedOffsets() == records);
        assertThat(worker.failure()).isNull();
        assertThat(worker.failedTransactionsInARow()).isZero();
    }

    private static void limit(KafkaBroker broker, String topic, int bytes) throws Exception {
        broker.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(bytes)),
                        AlterConfigOp.OpType.SET)))).all().get();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
