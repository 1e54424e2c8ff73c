package io.trtcstop.worker.outcome;

import io.trtcstop.schema.PrintableText;
import io.trtcstop.worker.command.DecodedCommand;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.FailureKind;
import io.trtcstop.worker.engine.StopResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what a finished command record leaves on Kafka: its outcome event, and for a dead-lettered command
 * also the dead letter (original key and value, unchanged, with headers that explain the failure).
 */
public final class OutcomeRecords {

    /** A dead-lettered command's failure as the contract spells it. */
    public record Failure(FailureKind kind, String code, String message) {

        /** Bound of the message in the outcome and the dead letter's {@code dlq.error.message}. */
        public static final int MAX_MESSAGE_CHARS = 1000;

        /** The message may quote producer or server text: escaped and bounded for every reader of it. */
        public Failure {
            message = PrintableText.escape(message, MAX_MESSAGE_CHARS);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The longest key an outcome copies from its command record (schema/README.md, "Outcome event v1"). */
    public static final int MAX_OUTCOME_KEY_BYTES = 1024;

    private final String outcomeTopic;
    private final String deadLetterTopic;
    private final String consumerGroup;
    private final String workerInstance;
    private final int maxDeadLetterBytes;

    /**
     * @param maxDeadLetterBytes the largest record the dead-letter topic takes (its {@code max.message.bytes}, and
     *                           the producer's {@code max.request.size}); a dead letter that would be larger is
     *                           written without its value ({@link DeadLetterHeaders#VALUE_OMITTED})
     */
    public OutcomeRecords(String outcomeTopic, String deadLetterTopic, String consumerGroup, String workerInstance,
                          int maxDeadLetterBytes) {
        this.outcomeTopic = outcomeTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.consumerGroup = consumerGroup;
        this.workerInstance = workerInstance;
        this.maxDeadLetterBytes = maxDeadLetterBytes;
    }

    /**
     * The next smaller form of a dead letter, for one the broker refused as too large or that would not fit: first
     * without its value, then minimal (no key, none of the original's own headers; {@link DeadLetterHeaders#KEY_OMITTED}).
     * Headers say what was left out; the original stays readable at its {@code dlq.original.*} coordinates. A minimal
     * dead letter, and any record that is not a dead letter, is returned unchanged.
     */
    public ProducerRecord<byte[], byte[]> withoutValue(ProducerRecord<byte[], byte[]> deadLetter) {
        if (!deadLetter.topic().equals(deadLetterTopic)) {
            return deadLetter;
        }
        if (deadLetter.value() != null) {
            RecordHeaders headers = new RecordHeaders(deadLetter.headers().toArray());
            headers.remove(DeadLetterHeaders.VALUE_OMITTED);
            headers.remove(DeadLetterHeaders.VALUE_BYTES);
            add(headers, DeadLetterHeaders.VALUE_OMITTED, "true");
            add(headers, DeadLetterHeaders.VALUE_BYTES, Integer.toString(deadLetter.value().length));
            return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), deadLetter.key(), null, headers);
        }
        if (deadLetter.headers().lastHeader(DeadLetterHeaders.KEY_OMITTED) != null) {
            return deadLetter; // minimal already: a few hundred bytes of our own headers
        }
        RecordHeaders headers = new RecordHeaders();
        int foreign = 0;
        for (Header header : deadLetter.headers()) {
            if (header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            } else {
                foreign++;
            }
        }
        add(headers, DeadLetterHeaders.KEY_OMITTED, "true");
        add(headers, DeadLetterHeaders.KEY_BYTES, Integer.toString(deadLetter.key() == null ? 0 : deadLetter.key().length));
        add(headers, DeadLetterHeaders.HEADERS_OMITTED, Integer.toString(foreign));
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), (byte[]) null, (byte[]) null, headers);
    }

    /**
     * The outcome's key: the command's TaskId, or for an invalid command the original key, but never one over
     * {@link #MAX_OUTCOME_KEY_BYTES}: such a key is replaced by {@code sha256:} and its digest in hex (the same key
     * still lands on the same outcome partition). Copying a key as large as the command topic allows would make an
     * outcome the outcome topic refuses, and every transaction with it would abort.
     */
    static byte[] outcomeKey(byte[] key) {
        if (key == null || key.length <= MAX_OUTCOME_KEY_BYTES) {
            return key;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key);
            return utf8("sha256:" + java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Record overhead a broker counts beyond key, value and headers (batch and record framing), with room to spare. */
    static final int RECORD_OVERHEAD_BYTES = 512;

    static int estimatedSize(byte[] key, byte[] value, Iterable<Header> headers) {
        int size = RECORD_OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += h.key().length() * 3 + (h.value() == null ? 0 : h.value().length) + 10;
        }
        return size;
    }

    /** Records for a command that failed validation: no API call was made. */
    public List<ProducerRecord<byte[], byte[]>> invalid(ConsumerRecord<byte[], byte[]> source, Instant receivedAt,
                                                        Instant completedAt, DecodedCommand.Invalid invalid) {
        Failure failure = new Failure(FailureKind.INVALID_COMMAND, invalid.code(), invalid.message());
        return records(source, receivedAt, completedAt, null, OutcomeEvent.Status.DEAD_LETTERED, false, null,
                StopResult.Attempts.NONE, failure);
    }

    /** Records for a valid command the engine finished; {@link StopResult.Abandoned} has none and is refused. */
    public List<ProducerRecord<byte[], byte[]>> finished(ConsumerRecord<byte[], byte[]> source, Instant receivedAt,
                                                         Instant completedAt, StopCommand command, StopResult result) {
        return switch (result) {
            case StopResult.Stopped s -> records(source, receivedAt, completedAt, command,
                    OutcomeEvent.Status.STOPPED, false, s.requestId(), s.attempts(), null);
            case StopResult.AlreadyStopped a -> records(source, receivedAt, completedAt, command,
                    OutcomeEvent.Status.ALREADY_STOPPED, a.deduplicated(), a.requestId(), a.attempts(), null);
            case StopResult.GaveUp g -> records(source, receivedAt, completedAt, command,
                    OutcomeEvent.Status.DEAD_LETTERED, false, g.requestId(), g.attempts(),
                    new Failure(g.kind(), g.code(), g.message()));
            case StopResult.Abandoned a -> throw new IllegalArgumentException("an abandoned command has no outcome");
        };
    }

    /** The outcome's CommandId: the command's own, else where the record came from. */
    private static String commandId(ConsumerRecord<?, ?> source, StopCommand command) {
        if (command != null && command.commandId() != null) {
            return command.commandId();
        }
        return source.topic() + "-" + source.partition() + "-" + source.offset();
    }

    private List<ProducerRecord<byte[], byte[]>> records(ConsumerRecord<byte[], byte[]> source, Instant receivedAt,
                                                         Instant completedAt, StopCommand command,
                                                         OutcomeEvent.Status status, boolean deduplicated,
                                                         String requestId, StopResult.Attempts attempts,
                                                         Failure failure) {
        String commandId = commandId(source, command);
        OutcomeEvent event = new OutcomeEvent(
                commandId,
                command == null ? null : command.sdkAppId(),
                command == null ? null : command.taskId(),
                command == null ? null : command.region().id(),
                status,
                deduplicated,
                requestId,
                attempts.count(),
                failure == null ? null : new OutcomeEvent.Error(failure.code(), failure.message()),
                receivedAt.toString(),
                completedAt.toString(),
                new OutcomeEvent.Source(source.topic(), source.partition(), source.offset()));
        byte[] key = outcomeKey(command == null ? source.key() : utf8(command.taskId()));
        var outcome = new ProducerRecord<>(outcomeTopic, null, key, JSON.writeValueAsBytes(event));
        if (failure == null) {
            return List.of(outcome);
        }
        RecordHeaders headers = deadLetterHeaders(source, commandId, failure, requestId, attempts);
        var deadLetter = new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
        // Smaller forms until it fits: without the value, then minimal (a key or headers the producer made huge).
        for (int shrink = 0; shrink < 2 && estimatedSize(deadLetter.key(), deadLetter.value(), deadLetter.headers())
                > maxDeadLetterBytes; shrink++) {
            deadLetter = withoutValue(deadLetter);
        }
        return List.of(outcome, deadLetter);
    }

    private RecordHeaders deadLetterHeaders(ConsumerRecord<byte[], byte[]> source, String commandId, Failure failure,
                                            String requestId, StopResult.Attempts attempts) {
        RecordHeaders headers = new RecordHeaders();
        // Keep the producer's own headers (tracing and the like), but never a stale copy of ours.
        for (Header header : source.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            }
        }
        add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, source.topic());
        add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(source.partition()));
        add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(source.offset()));
        add(headers, DeadLetterHeaders.ORIGINAL_TIMESTAMP, Long.toString(source.timestamp()));
        add(headers, DeadLetterHeaders.CONSUMER_GROUP, consumerGroup);
        add(headers, DeadLetterHeaders.COMMAND_ID, commandId);
        add(headers, DeadLetterHeaders.ERROR_KIND, failure.kind().name());
        add(headers, DeadLetterHeaders.ERROR_CODE, failure.code());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, failure.message());
        if (requestId != null) {
            add(headers, DeadLetterHeaders.REQUEST_ID, requestId);
        }
        add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts.count()));
        if (attempts.first() != null) {
            add(headers, DeadLetterHeaders.FIRST_ATTEMPT_AT, attempts.first().toString());
            add(headers, DeadLetterHeaders.LAST_ATTEMPT_AT, attempts.last().toString());
        }
        add(headers, DeadLetterHeaders.WORKER_INSTANCE, workerInstance);
        add(headers, DeadLetterHeaders.REPLAY_COUNT, Integer.toString(replayCount(source)));
        // A replayed command names the dead letter it came from: the new dead letter keeps the chain.
        for (String name : new String[] {DeadLetterHeaders.REPLAY_SOURCE_TOPIC,
                DeadLetterHeaders.REPLAY_SOURCE_PARTITION, DeadLetterHeaders.REPLAY_SOURCE_OFFSET}) {
            Header replaySource = source.headers().lastHeader(name);
            if (replaySource != null && replaySource.value() != null) {
                headers.add(name, replaySource.value());
            }
        }
        return headers;
    }

    /**
     * How often the command was replayed from the DLQ; a count that is not plausible (not digits, or huge: a producer
     * can set any header) is carried over as 0, so the dead letter is replayable like any other.
     */
    static int replayCount(ConsumerRecord<byte[], byte[]> source) {
        return ReplayCount.of(source.headers()).value();
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, utf8(value == null ? "" : value));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
