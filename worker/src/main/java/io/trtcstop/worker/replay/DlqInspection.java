package io.trtcstop.worker.replay;

import io.trtcstop.worker.config.ReplayConfig;
import java.io.PrintStream;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dlq inspect}: the dead letters counted by kind and code, with the oldest and newest and a sample of each
 * group, and how many of each the ledger has as replayed. Reads only; writes nothing.
 */
public final class DlqInspection {

    /** What was found: the groups, and the ledger's state. */
    public record Report(String topic, DeadLetterGroups groups, String ledgerTopic, boolean ledgerExists,
                         long ledgerEntries) {}

    /** Everything outside ASCII escaped (losslessly): the report may quote anything a producer sent. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final ReplayConfig config;

    public DlqInspection(ReplayConfig config) {
        this.config = config;
    }

    public Report inspect() {
        ReplayClients clients = new ReplayClients(config);
        try (Admin admin = clients.admin(); KafkaConsumer<byte[], byte[]> consumer = clients.reader()) {
            KafkaTopics topics = new KafkaTopics(admin, config.bootstrapServers(), config.startupTimeout());
            topics.requireExisting(List.of(config.deadLetterTopic()));
            Uuid id = topics.topicId(config.deadLetterTopic());
            boolean ledgerExists = topics.missing(List.of(config.ledgerTopic())).isEmpty();
            TopicReader reader = new TopicReader(consumer, config.startupTimeout(), System::nanoTime);
            ReplayLedger ledger = new ReplayLedger(config.ledgerTopic(), config.deadLetterTopic(), id);
            if (ledgerExists) {
                reader.readAll(config.ledgerTopic(), ledger::apply);
            }
            DeadLetterGroups groups = new DeadLetterGroups();
            reader.readAll(config.deadLetterTopic(), r -> {
                DeadLetter d = DeadLetter.of(r);
                groups.add(d, ledger.contains(d.at()));
            });
            return new Report(config.deadLetterTopic(), groups, config.ledgerTopic(), ledgerExists, ledger.size());
        } catch (KafkaException e) {
            throw new ReplayException("Kafka failed: " + e.getMessage(), e);
        }
    }

    public static void printText(Report report, PrintStream out) {
        DeadLetterGroups g = report.groups();
        out.println(report.topic() + ": " + g.total() + " dead letter(s)"
                + (g.total() == 0 ? "" : ", oldest " + g.oldest() + ", newest " + g.newest()));
        out.println("ledger " + report.ledgerTopic() + ": " + (report.ledgerExists()
                ? report.ledgerEntries() + " replayed"
                : "missing (dlq replay refuses to run until it is created: see ops/topics.md)"));
        if (g.total() > 0) {
            out.printf("  %-20s %-40s %6s%n", "kind", "code", "count");
            ReplayReport.groups(out, g, true);
        }
    }

    public static void printJson(Report report, PrintStream out) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(report)));
    }

    static ObjectNode json(Report report) {
        DeadLetterGroups g = report.groups();
        ObjectNode root = JSON.createObjectNode();
        root.put("Topic", report.topic());
        root.put("Total", g.total());
        root.put("Oldest", g.oldest() == null ? null : g.oldest().toString());
        root.put("Newest", g.newest() == null ? null : g.newest().toString());
        ObjectNode ledger = root.putObject("Ledger");
        ledger.put("Topic", report.ledgerTopic());
        ledger.put("Exists", report.ledgerExists());
        ledger.put("Replayed", report.ledgerEntries());
        var groups = root.putArray("Groups");
        for (DeadLetterGroups.Group group : g.groups()) {
            ObjectNode o = groups.addObject();
            o.put("Kind", group.key().kind());
            o.put("Code", group.key().code());
            o.put("Count", group.count());
            o.put("AlreadyReplayed", group.alreadyReplayed());
            o.put("Oldest", group.oldest().toString());
            o.put("Newest", group.newest().toString());
            DeadLetter d = group.sample();
            ObjectNode sample = o.putObject("Sample");
            sample.put("Topic", d.at().topic());
            sample.put("Partition", d.at().partition());
            sample.put("Offset", d.at().offset());
            sample.put("Timestamp", d.time().toString());
            bytes(sample, "Key", d.key());
            bytes(sample, "Value", d.value());
            ObjectNode headers = sample.putObject("Headers");
            d.headerText().forEach(headers::put);
        }
        return root;
    }

    /** Text as {@code name}; other bytes as {@code nameBase64}; null as JSON null. */
    private static void bytes(ObjectNode node, String name, byte[] bytes) {
        String text = Bytes.text(bytes);
        if (bytes == null) {
            node.putNull(name);
        } else if (text != null) {
            node.put(name, text);
        } else {
            node.put(name + "Base64", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
