package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.Region;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CommandLogContextTest {

    private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>("transcription.stop", 2, 9L, null, null);

    @Test
    void theTaskIdInTheLoggingContextCannotBreakALineOrDriveATerminal() {
        // The schema refuses such a TaskId; the context must hold even for a command built some other way.
        StopCommand hostile = new StopCommand(1, "t\r\n2026-11-23 ERROR forged\u001b[31m\u2028", Region.AP_SINGAPORE,
                null, null, null);
        try (var context = CommandLogContext.of(RECORD, hostile)) {
            assertThat(MDC.get(CommandLogContext.TASK_ID)).isEqualTo("t\\r\\n2026-11-23 ERROR forged\\u001B[31m\\u2028");
            assertThat(MDC.get(CommandLogContext.OFFSET)).isEqualTo("9");
        }
        assertThat(MDC.get(CommandLogContext.TASK_ID)).isNull();
    }

    @Test
    void anEverydayTaskIdIsLoggedAsItIs() {
        StopCommand plain = new StopCommand(1, "-nE5Nd9U7pfwyEzu+8LN.", Region.AP_SINGAPORE, null, null, null);
        try (var context = CommandLogContext.of(RECORD, plain)) {
            assertThat(MDC.get(CommandLogContext.TASK_ID)).isSameAs(plain.taskId());
        }
    }
}
