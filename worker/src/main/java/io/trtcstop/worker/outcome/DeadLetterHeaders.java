package io.trtcstop.worker.outcome;

/** Header names of the dead-letter contract ({@code schema/README.md}); all values are UTF-8 strings. */
public final class DeadLetterHeaders {

    public static final String PREFIX = "dlq.";
    public static final String ORIGINAL_TOPIC = "dlq.original.topic";
    public static final String ORIGINAL_PARTITION = "dlq.original.partition";
    public static final String ORIGINAL_OFFSET = "dlq.original.offset";
    public static final String ORIGINAL_TIMESTAMP = "dlq.original.timestamp";
    public static final String CONSUMER_GROUP = "dlq.consumer.group";
    public static final String COMMAND_ID = "dlq.command.id";
    public static final String ERROR_KIND = "dlq.error.kind";
    public static final String ERROR_CODE = "dlq.error.code";
    public static final String ERROR_MESSAGE = "dlq.error.message";
    public static final String REQUEST_ID = "dlq.request.id";
    public static final String ATTEMPTS = "dlq.attempts";
    public static final String FIRST_ATTEMPT_AT = "dlq.first.attempt.at";
    public static final String LAST_ATTEMPT_AT = "dlq.last.attempt.at";
    public static final String WORKER_INSTANCE = "dlq.worker.instance";
    /** Set by the replay tool on the command it re-publishes; carried over if that command fails again. */
    public static final String REPLAY_COUNT = "dlq.replay.count";
    /**
     * Present (value {@code true}) when the dead letter carries no value because the original, with these headers,
     * would not fit the dead-letter topic's {@code max.message.bytes}; the original stays readable at its source
     * coordinates until the command topic's retention removes it.
     */
    public static final String VALUE_OMITTED = "dlq.value.omitted";
    /** With {@link #VALUE_OMITTED}: the size of the value that was left out, in bytes. */
    public static final String VALUE_BYTES = "dlq.value.bytes";
    /**
     * Present (value {@code true}) on a minimal dead letter: even without its value the original's key and its own
     * headers would not fit (or the broker refused the dead letter so). It carries no key and only {@code dlq.*}
     * headers; the original stays readable at its source coordinates.
     */
    public static final String KEY_OMITTED = "dlq.key.omitted";
    /** With {@link #KEY_OMITTED}: the size of the key that was left out, in bytes (0 for a null key). */
    public static final String KEY_BYTES = "dlq.key.bytes";
    /** With {@link #KEY_OMITTED}: how many of the original record's own headers were left out. */
    public static final String HEADERS_OMITTED = "dlq.headers.omitted";
    /** Set by the replay tool with the count: the dead letter the command was replayed from; carried over likewise. */
    public static final String REPLAY_SOURCE_TOPIC = "dlq.replay.source.topic";
    public static final String REPLAY_SOURCE_PARTITION = "dlq.replay.source.partition";
    public static final String REPLAY_SOURCE_OFFSET = "dlq.replay.source.offset";

    private DeadLetterHeaders() {
    }
}
