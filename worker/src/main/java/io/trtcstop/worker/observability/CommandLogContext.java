package io.trtcstop.worker.observability;

import io.trtcstop.worker.command.StopCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Puts the command a thread works on into the logging context (MDC), so every log line about it carries the
 * TaskId, SdkAppId and where the record came from: JSON logs get them as fields, the text pattern shows them.
 * Use with try-with-resources; closing removes them again.
 */
public final class CommandLogContext implements AutoCloseable {

    public static final String TASK_ID = "taskId";
    public static final String SDK_APP_ID = "sdkAppId";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";

    private CommandLogContext() {
    }

    /** For a decoded command; {@code command} may be null for a record that did not decode. */
    public static CommandLogContext of(ConsumerRecord<?, ?> record, StopCommand command) {
        MDC.put(TOPIC, record.topic());
        MDC.put(PARTITION, Integer.toString(record.partition()));
        MDC.put(OFFSET, Long.toString(record.offset()));
        if (command != null) {
            MDC.put(TASK_ID, command.printableTaskId());
            MDC.put(SDK_APP_ID, Long.toString(command.sdkAppId()));
        }
        return new CommandLogContext();
    }

    @Override
    public void close() {
        MDC.remove(TOPIC);
        MDC.remove(PARTITION);
        MDC.remove(OFFSET);
        MDC.remove(TASK_ID);
        MDC.remove(SDK_APP_ID);
    }
}
