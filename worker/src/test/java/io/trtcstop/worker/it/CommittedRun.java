package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run committed on the outcome and dead-letter topics, each indexed by the command record it answers
 * ("partition@offset"): the outcome's Source, the dead letter's dlq.original.partition and dlq.original.offset.
 */
final class CommittedRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Outcome by source record; exactly one per record. */
    final Map<String, JsonNode> outcomes;
    /** Dead letter by source record; at most one per record. */
    final Map<String, ConsumerRecord<byte[], byte[]>> deadLetters;

    private CommittedRun(Map<String, JsonNode> outcomes, Map<String, ConsumerRecord<byte[], byte[]>> deadLetters) {
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
    }

    /**
     * Waits until the group has committed all {@code records} commands and their outcomes and dead letters are
     * readable, then checks one outcome per record and one dead letter per DEAD_LETTERED outcome, matched by source.
     */
    static CommittedRun whenCommitted(CommandTopics topics, int records, int deadLettered) {
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.committedOffsets() == records);
        return whenAnswered(topics, records, deadLettered);
    }

    /** As {@link #whenCommitted}, for input whose offsets are not a count of records (transaction markers take some). */
    static CommittedRun whenAnswered(CommandTopics topics, int records, int deadLettered) {
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.outcomes().size() >= records
                && topics.deadLetters().size() >= deadLettered);
        CommittedRun run = read(topics.outcomes(), topics.deadLetters());
        assertThat(run.outcomes).as("one outcome per record").hasSize(records);
        run.assertDeadLettersMatchTheirOutcomes();
        assertThat(run.deadLetters).as("dead letters").hasSize(deadLettered);
        return run;
    }

    static CommittedRun read(List<ConsumerRecord<byte[], byte[]>> outcomeRecords,
                             List<ConsumerRecord<byte[], byte[]>> deadLetterRecords) {
        Map<String, JsonNode> outcomes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : outcomeRecords) {
            JsonNode o = JSON.readTree(r.value());
            String source = o.get("Source").get("Partition").asInt() + "@" + o.get("Source").get("Offset").asLong();
            assertThat(outcomes.put(source, o)).as("a second outcome for " + source).isNull();
        }
        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> d : deadLetterRecords) {
            String source = header(d, "dlq.original.partition") + "@" + header(d, "dlq.original.offset");
            assertThat(deadLetters.put(source, d)).as("a second dead letter for " + source).isNull();
        }
        return new CommittedRun(outcomes, deadLetters);
    }

    /** Every DEAD_LETTERED outcome has the one dead letter of its record, with the same error, and vice versa. */
    void assertDeadLettersMatchTheirOutcomes() {
        outcomes.forEach((source, o) -> {
            if (status(source).equals("DEAD_LETTERED")) {
                ConsumerRecord<byte[], byte[]> d = deadLetters.get(source);
                assertThat(d).as("the dead letter of " + source).isNotNull();
                assertThat(header(d, "dlq.error.code")).as("error of " + source)
                        .isEqualTo(o.get("Error").get("Code").asString());
            }
        });
        deadLetters.keySet().forEach(source -> {
            assertThat(outcomes).as("an outcome for dead letter " + source).containsKey(source);
            assertThat(status(source)).as("the outcome of dead letter " + source).isEqualTo("DEAD_LETTERED");
        });
    }

    String status(String source) {
        return outcomes.get(source).get("Status").asString();
    }

    /** The outcomes naming this TaskId. */
    List<JsonNode> forTask(String taskId) {
        return outcomes.values().stream()
                .filter(o -> o.hasNonNull("TaskId") && o.get("TaskId").asString().equals(taskId)).toList();
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
