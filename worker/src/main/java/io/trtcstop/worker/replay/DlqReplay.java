package io.trtcstop.worker.replay;

import io.trtcstop.worker.config.ReplayConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * {@code dlq replay}: fence any earlier replay, read the ledger, plan from a snapshot of the dead-letter topic,
 * then replay the plan. A dry run plans and reports only: it opens no producer and writes nothing anywhere.
 */
public final class DlqReplay {

    /** How the run ended: every planned record replayed, or stopped early (by a signal) with some left. */
    public record Result(long planned, long replayed, Map<SkipReason, Long> skipped, boolean stoppedEarly) {}

    static final int BATCH_RECORDS = 200;
    static final Duration BATCH_TIME = Duration.ofMillis(500);

    private final ReplayConfig config;
    private final Clock clock;
    private final Duration progressEvery;

    public DlqReplay(ReplayConfig config, Clock clock, Duration progressEvery) {
        this.config = config;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    public Result run(ReplayOptions options, PrintStream out, PrintStream err, BooleanSupplier stopRequested) {
        String target = ReplayTarget.of(config, options.to()); // before connecting: a refused topic writes nothing
        ReplayClients clients = new ReplayClients(config);
        Uuid dlqId;
        boolean ledgerExists;
        try (Admin admin = clients.admin()) {
            KafkaTopics topics = new KafkaTopics(admin, config.bootstrapServers(), config.startupTimeout());
            topics.requireExisting(List.of(config.deadLetterTopic()));
            dlqId = topics.topicId(config.deadLetterTopic());
            ledgerExists = topics.missing(List.of(config.ledgerTopic())).isEmpty();
            if (!options.dryRun()) {
                topics.requireExisting(List.of(config.ledgerTopic()));
                topics.requireLastingLedger(config.ledgerTopic());
            }
            try (KafkaProducer<byte[], byte[]> producer = options.dryRun() ? null : clients.transactionalProducer();
                 KafkaConsumer<byte[], byte[]> consumer = clients.reader()) {
                if (producer != null) {
                    // Aborts what a killed predecessor left open (and fences one still running) before the ledger
                    // is read, so the ledger read below includes everything that predecessor committed.
                    guardedInit(producer);
                }
                TopicReader reader = new TopicReader(consumer, config.startupTimeout(), System::nanoTime);
                ReplayLedger ledger = new ReplayLedger(config.ledgerTopic(), config.deadLetterTopic(), dlqId);
                if (ledgerExists) {
                    reader.readAll(config.ledgerTopic(), ledger::apply);
                }
                ReplayPlan plan;
                try {
                    plan = plan(reader, ledger, options, target, stopRequested);
                } catch (Replayer.Stopped e) {
                    out.println("stopped while planning: nothing was replayed");
                    return new Result(0, 0, Map.of(), true);
                }
                ReplayReport.plan(out, config, options, plan, ledger.size(), ledgerExists);
                if (options.dryRun() || plan.size() == 0) {
                    if (options.dryRun()) {
                        out.println("dry run: nothing was written");
                    }
                    return new Result(plan.size(), 0, skippedCounts(plan), false);
                }
                topics.requireExisting(plan.targetTopics());
                return execute(producer, reader, ledger, plan, options, out, err, stopRequested);
            }
        } catch (KafkaException e) {
            throw new ReplayException("Kafka failed: " + e.getMessage() + " (running again is safe)", e);
        }
    }

    private static void guardedInit(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.initTransactions();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ReplaySetupException("Kafka did not complete initTransactions in time: " + e.getMessage());
        }
    }

    private ReplayPlan plan(TopicReader reader, ReplayLedger ledger, ReplayOptions options, String target,
                            BooleanSupplier stopRequested) {
        ReplayPlan plan = new ReplayPlan(options, target);
        reader.readAll(config.deadLetterTopic(), r -> {
            if (stopRequested.getAsBoolean()) {
                throw new Replayer.Stopped();
            }
            DeadLetter d = DeadLetter.of(r);
            plan.consider(d, ledger.contains(d.at()));
        });
        plan.finish();
        return plan;
    }

    private Result execute(KafkaProducer<byte[], byte[]> producer, TopicReader reader, ReplayLedger ledger,
                           ReplayPlan plan, ReplayOptions options, PrintStream out, PrintStream err,
                           BooleanSupplier stopRequested) {
        Progress progress = new Progress(err, System::nanoTime, progressEvery, plan.size());
        Pacer pacer = new Pacer(options.ratePerSecond(), System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
        Replayer replayer = new Replayer(producer, ledger, pacer, progress, clock, System::nanoTime, stopRequested,
                BATCH_RECORDS, BATCH_TIME);
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> until = new HashMap<>();
        plan.ranges().forEach((partition, range) -> {
            TopicPartition tp = new TopicPartition(config.deadLetterTopic(), partition);
            from.put(tp, range[0]);
            until.put(tp, range[1]);
        });
        boolean stopped = false;
        try {
            reader.read(from, until, r -> {
                DeadLetter d = DeadLetter.of(r);
                String target = plan.target(d.at());
                if (target != null) {
                    replayer.replay(d, target);
                }
            });
            replayer.commit();
        } catch (Replayer.Stopped e) {
            stopped = true;
        }
        ReplayReport.summary(out, config, plan, replayer.replayed(), stopped);
        return new Result(plan.size(), replayer.replayed().total(), skippedCounts(plan), stopped);
    }

    private static Map<SkipReason, Long> skippedCounts(ReplayPlan plan) {
        Map<SkipReason, Long> counts = new java.util.EnumMap<>(SkipReason.class);
        plan.skipped().forEach((reason, codes) -> counts.put(reason,
                codes.values().stream().mapToLong(Long::longValue).sum()));
        return counts;
    }
}
