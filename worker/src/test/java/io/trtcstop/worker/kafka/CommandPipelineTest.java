package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.schema.MessageSchema;
import io.trtcstop.schema.SchemaValidator;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.ApiRateLimiter;
import io.trtcstop.worker.engine.DrainSignal;
import io.trtcstop.worker.engine.OutageBreaker;
import io.trtcstop.worker.engine.RecentlyStopped;
import io.trtcstop.worker.engine.RetryPolicy;
import io.trtcstop.worker.engine.StopAttempts;
import io.trtcstop.worker.engine.StopCall;
import io.trtcstop.worker.observability.LoopMonitor;
import io.trtcstop.worker.observability.WorkerMetrics;
import io.trtcstop.worker.outcome.OutcomeRecords;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.Region;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommandPipelineTest {

    private static final StopCommand COMMAND = new StopCommand(1400000001L, "task-1", Region.AP_SINGAPORE, null,
            null, null);

    private final AtomicInteger finished = new AtomicInteger();
    private final PartitionLedger ledger = new PartitionLedger(new TopicPartition("stop", 0));

    {
        ledger.loaded(java.util.Set.of());
    }

    private CommandPipeline pipeline(StopCall call, int dedupCapacity) {
        Clock clock = Clock.systemUTC();
        DrainSignal drain = new DrainSignal();
        StopAttempts attempts = new StopAttempts(call, RetryPolicy.defaults(),
                new ApiRateLimiter(1000, Duration.ofMillis(10), clock, drain),
                new OutageBreaker(OutageBreaker.Settings.defaults(), clock, drain), 4, () -> { }, clock, drain,
                () -> 0.5);
        return new CommandPipeline(attempts, new RecentlyStopped(dedupCapacity, Duration.ofMinutes(1), clock),
                new OutcomeRecords("out", "dlq", "g", "w", 1 << 20), clock,
                new LoopMonitor(WorkerMetrics.inMemory(), clock), finished::incrementAndGet);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("stop", 0, offset, "k".getBytes(), "{}".getBytes());
    }

    @Test
    void anErrorOnACommandThreadDeadLettersTheCommandInsteadOfStallingItsPartition() {
        CommandPipeline pipeline = pipeline(command -> {
            throw new StackOverflowError("deep");
        }, 0);
        PartitionLedger.Entry entry = ledger.track(5, 2);
        pipeline.submit(record(5), java.time.Instant.now(), ledger, entry, COMMAND);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pipeline.collect();
            return finished.get() == 1;
        });
        PartitionLedger.Committable c = ledger.committable();
        assertThat(c).isNotNull();
        ProducerRecord<byte[], byte[]> deadLetter = c.outputs().get(1);
        Map<String, String> headers = new HashMap<>();
        deadLetter.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers).containsEntry("dlq.error.code", "Worker.UnexpectedError");
        assertThat(headers.get("dlq.error.message")).doesNotContain("deep"); // only the type, never the message
        assertThat(SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1).validateHeaders(headers).violations())
                .isEmpty();
        assertThat(pipeline.running()).isZero();
    }

    @Test
    void aDuplicateBehindItsStopInTheSameLedgerIsAnsweredWithoutACall() {
        AtomicInteger calls = new AtomicInteger();
        CommandPipeline pipeline = pipeline(command -> {
            calls.incrementAndGet();
            return new DeleteResult.Stopped(command.taskId(), "req-1");
        }, 100);
        pipeline.submit(record(1), java.time.Instant.now(), ledger, ledger.track(1, 1), COMMAND);
        pipeline.submit(record(2), java.time.Instant.now(), ledger, ledger.track(2, 1), COMMAND);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pipeline.collect();
            return finished.get() == 2;
        });
        assertThat(calls).hasValue(1);
        PartitionLedger.Committable c = ledger.committable();
        assertThat(new String(c.outputs().get(1).value(), StandardCharsets.UTF_8)).contains("\"Deduplicated\":true");
        // Retired before the commit: a later copy in a new ledger calls again (its outcome cannot rely on ours).
        ledger.retire();
        pipeline.retire(ledger);
        PartitionLedger next = new PartitionLedger(new TopicPartition("stop", 0));
        next.loaded(java.util.Set.of());
        pipeline.submit(record(1), java.time.Instant.now(), next, next.track(1, 1), COMMAND);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pipeline.collect();
            return finished.get() == 3;
        });
        assertThat(calls).hasValue(2);
    }
}
