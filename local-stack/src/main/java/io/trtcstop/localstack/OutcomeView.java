package io.trtcstop.localstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prints every committed outcome and dead letter as a line or two a person can read. */
final class OutcomeView implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final String dlqTopic;
    private final PrintStream out;

    private OutcomeView(KafkaConsumer<byte[], byte[]> consumer, String dlqTopic, PrintStream out) {
        this.consumer = consumer;
        this.dlqTopic = dlqTopic;
        this.out = out;
        this.thread = Thread.ofPlatform().name("outcome-view").daemon().unstarted(this::loop);
    }

    static OutcomeView start(String bootstrap, String outcomeTopic, String dlqTopic, PrintStream out) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-view-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(outcomeTopic, dlqTopic));
        OutcomeView view = new OutcomeView(consumer, dlqTopic, out);
        view.thread.start();
        return view;
    }

    private void loop() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.println(r.topic().equals(dlqTopic) ? deadLetter(r) : outcome(r));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    static String outcome(ConsumerRecord<byte[], byte[]> r) {
        JsonNode o = JSON.readTree(r.value());
        StringBuilder s = new StringBuilder("OUTCOME  ").append(String.format("%-15s", text(o, "Status")));
        s.append(" task=").append(text(o, "TaskId")).append(" command=").append(text(o, "CommandId"));
        s.append(" attempts=").append(text(o, "Attempts"));
        if (o.path("Deduplicated").asBoolean()) {
            s.append(" (deduplicated: no API call)");
        }
        if (o.hasNonNull("Error")) {
            s.append(" error=").append(text(o.get("Error"), "Code")).append(": ").append(text(o.get("Error"), "Message"));
        }
        return s.toString();
    }

    static String deadLetter(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> h = new TreeMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return "DLQ      " + h.get("dlq.error.kind") + " " + h.get("dlq.error.code") + " from "
                + h.get("dlq.original.topic") + "-" + h.get("dlq.original.partition") + "@" + h.get("dlq.original.offset")
                + " attempts=" + h.get("dlq.attempts")
                + ("0".equals(h.getOrDefault("dlq.replay.count", "0")) ? "" : " replays=" + h.get("dlq.replay.count"))
                + "\n         value: "
                + new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asString();
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
