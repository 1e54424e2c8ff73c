package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.worker.outcome.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The exactly-once check of the failure-path tests: what the topics of one test hold once everything settled. */
final class CommittedOnce {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CommittedOnce() {
    }

    /**
     * Exactly one committed outcome per record of {@code topics}' command topic ({@code records} in all), the group's
     * offsets past every one, and each DEAD_LETTERED one matched to exactly one dead letter.
     */
    static void assertExactlyOnce(CommandTopics topics, int records) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.outcomes().size() >= records);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.committedOffsets() == records);
        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();
        assertThat(outcomes).hasSize(records);
        Set<String> sources = new HashSet<>();
        Set<String> deadLettered = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : outcomes) {
            JsonNode o = JSON.readTree(r.value());
            String source = o.get("Source").get("Partition").asInt() + "@" + o.get("Source").get("Offset").asLong();
            assertThat(sources.add(source)).as("one outcome for " + source).isTrue();
            if (o.get("Status").asString().equals("DEAD_LETTERED")) {
                deadLettered.add(source);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.deadLetters().size() >= deadLettered.size());
        Set<String> letters = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> d : topics.deadLetters()) {
            String source = header(d, DeadLetterHeaders.ORIGINAL_PARTITION) + "@"
                    + header(d, DeadLetterHeaders.ORIGINAL_OFFSET);
            assertThat(letters.add(source)).as("one dead letter for " + source).isTrue();
        }
        assertThat(letters).isEqualTo(deadLettered);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
