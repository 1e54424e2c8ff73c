package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.Region;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The production logback.xml in both LOG_FORMATs, with and without a command in context. */
class LogFormatTest {

    private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>("transcription.stop", 3, 42L,
            0L, TimestampType.CREATE_TIME, 0, 0, null, null, new RecordHeaders(), Optional.empty());
    private static final StopCommand COMMAND =
            new StopCommand(1400000001L, "task-7", Region.AP_SINGAPORE, null, null, null);

    /** Logs one line about the command and one about nothing in particular; returns what reached stdout. */
    private static String[] log(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("LOG_FORMAT", format);
        context.setMDCAdapter(MDC.getMDCAdapter()); // the one CommandLogContext writes to
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
            Logger log = context.getLogger("io.trtcstop.worker.kafka.StopWorker");
            try (var ignored = CommandLogContext.of(RECORD, COMMAND)) {
                log.warn("task {} dead-lettered", COMMAND.taskId());
            }
            log.info("partitions assigned");
        } finally {
            context.stop();
            System.setOut(stdout);
        }
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneSatisfy(s -> assertThat(s.getLevel()).isGreaterThanOrEqualTo(ch.qos.logback.core.status.Status.WARN));
        return captured.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void jsonIsOneObjectPerLineWithTheCommandsContextAsFields() throws Exception {
        String[] lines = log("json");
        assertThat(lines).hasSize(2);
        JsonNode about = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(about.get("message").asString()).isEqualTo("task task-7 dead-lettered");
        assertThat(about.get("level").asString()).isEqualTo("WARN");
        assertThat(about.get("taskId").asString()).isEqualTo("task-7");
        assertThat(about.get("sdkAppId").asString()).isEqualTo("1400000001");
        assertThat(about.get("topic").asString()).isEqualTo("transcription.stop");
        assertThat(about.get("partition").asString()).isEqualTo("3");
        assertThat(about.get("offset").asString()).isEqualTo("42");
        JsonNode other = JsonMapper.builder().build().readTree(lines[1]);
        assertThat(other.has("taskId")).as("the context is gone after the command").isFalse();
    }

    @Test
    void textShowsTheTaskAndWhereItCameFromOnlyWhenThereIsOne() throws Exception {
        String[] lines = log("text");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("WARN ").contains(" task=task-7 at=3@42 - task task-7 dead-lettered");
        assertThat(lines[1]).contains("INFO ").endsWith("StopWorker - partitions assigned")
                .doesNotContain("task=").doesNotContain("at=");
    }
}
