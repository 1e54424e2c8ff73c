package io.trtcstop.schema;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

class SchemaValidatorTest {

    private static final String VALID_COMMAND = "{\"SdkAppId\":1400000000,\"TaskId\":\"task-1\",\"Region\":\"ap-guangzhou\"}";

    private final SchemaValidator commands = SchemaValidator.of(MessageSchema.STOP_COMMAND_V1);

    @Test
    void validCommandComesBackParsed() {
        ValidationResult result = commands.validate(VALID_COMMAND.getBytes(UTF_8));

        assertThat(result.valid()).isTrue();
        assertThat(result.document().path("SdkAppId").asLong()).isEqualTo(1_400_000_000L);
        assertThat(result.document().path("TaskId").asString()).isEqualTo("task-1");
    }

    @Test
    void invalidCommandStillComesBackParsed() {
        ValidationResult result = commands.validate("{\"SdkAppId\":0,\"TaskId\":\"task-1\"}".getBytes(UTF_8));

        assertThat(result.valid()).isFalse();
        assertThat(result.document().path("TaskId").asString()).isEqualTo("task-1");
    }

    @Test
    void nullValueIsReportedNotThrown() {
        ValidationResult result = commands.validate((byte[]) null);

        assertThat(result.document()).isNull();
        assertThat(result.summary()).isEqualTo("$: value is null");
    }

    @Test
    void emptyAndBlankInputAreNotJson() {
        assertThat(commands.validate(new byte[0]).summary()).isEqualTo("$: not JSON: empty input");
        assertThat(commands.validate(" \n\t ".getBytes(UTF_8)).summary()).isEqualTo("$: not JSON: empty input");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        ValidationResult result = commands.validate("{\n  \"SdkAppId\": 1400000000,\n  \"TaskId\": task-1\n}".getBytes(UTF_8));

        assertThat(result.document()).isNull();
        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.path()).isEqualTo("$");
            assertThat(violation.message()).startsWith("not JSON: ").contains("at line 3, column ");
        });
    }

    @Test
    void trailingContentAfterTheDocumentIsNotJson() {
        ValidationResult result = commands.validate((VALID_COMMAND + " true").getBytes(UTF_8));

        assertThat(result.document()).isNull();
        assertThat(result.summary()).startsWith("$: not JSON: Trailing token").contains("at line 1, column ");
    }

    @Test
    void duplicateFieldNamesAreNotJson() {
        ValidationResult result = commands.validate("{\"SdkAppId\":1,\"TaskId\":\"a\",\"SdkAppId\":2}".getBytes(UTF_8));

        assertThat(result.summary()).startsWith("$: not JSON: Duplicate Object property \"SdkAppId\"");
    }

    @Test
    void invalidUtf8IsNotJson() {
        byte[] latin1 = "{\"SdkAppId\":1,\"TaskId\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(commands.validate(latin1).summary()).startsWith("$: not JSON: Invalid UTF-8");
    }

    @Test
    void absurdlyDeepNestingIsRefusedByTheParserNotByTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        ValidationResult result = commands.validate(
                ("{\"SdkAppId\":1,\"TaskId\":\"t\",\"Extra\":" + deep + "}").getBytes(UTF_8));

        assertThat(result.document()).isNull();
        assertThat(result.summary()).startsWith("$: not JSON: ").contains("nesting depth");
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        ValidationResult result = commands.validate(
                "{\"SdkAppId\":4294967296,\"TaskId\":\"\",\"Region\":\"eu\",\"RequestedAt\":\"now\"}".getBytes(UTF_8));

        assertThat(result.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("$.SdkAppId", "$.TaskId", "$.Region", "$.RequestedAt");
        assertThat(result.summary().split("; ")).hasSize(4);
    }

    @Test
    void integralFloatIsRejectedAlsoWhenBuiltInJava() {
        ObjectNode command = JsonNodeFactory.instance.objectNode().put("TaskId", "task-1");

        assertThat(commands.validate(command.put("SdkAppId", 1400000000.0d)).summary())
                .isEqualTo("$.SdkAppId: must be written as an integer, without a fraction or an exponent, found 1.4E9");
        assertThat(commands.validate(command.put("SdkAppId", 1400000000L)).valid()).isTrue();
        assertThat(commands.validate(command.put("SdkAppId", 4294967295L)).valid()).isTrue();
        assertThat(commands.validate(command.put("SdkAppId", new BigInteger("4294967296"))).summary())
                .isEqualTo("$.SdkAppId: must be at most 4294967295, found 4294967296");
    }

    @Test
    void nullOrMissingNodeIsReportedNotThrown() {
        assertThat(commands.validate((tools.jackson.databind.JsonNode) null).summary()).isEqualTo("$: value is null");
        assertThat(commands.validate(MissingNode.getInstance()).summary()).isEqualTo("$: not JSON: empty input");
    }

    @Test
    void longValuesAreQuotedShort() {
        String hugeRegion = "r".repeat(10_000);
        ValidationResult result = commands.validate(
                ("{\"SdkAppId\":1,\"TaskId\":\"t\",\"Region\":\"" + hugeRegion + "\"}").getBytes(UTF_8));

        assertThat(result.summary()).startsWith("$.Region: must be one of").endsWith("…").hasSizeLessThan(200);
    }

    @Test
    void aDuplicateFieldNameIsQuotedShortAndEscaped() {
        String name = "\\u001b[2J\u2028" + "k".repeat(49_000); // JSON text: the parsed name starts with ESC
        ValidationResult result = commands.validate(("{\"SdkAppId\":1,\"TaskId\":\"t\",\"" + name + "\":1,\""
                + name + "\":2}").getBytes(UTF_8));

        assertThat(result.valid()).isFalse();
        assertThat(result.summary()).startsWith("$: not JSON: Duplicate Object property \"\\u001B[2J\\u2028kkk")
                .contains("…").hasSizeLessThan(300).doesNotContain("\u001b", "\u2028");
    }

    @Test
    void messagesAreEnglishWhateverTheDefaultLocale() {
        Locale original = Locale.getDefault();
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
        try {
            assertThat(commands.validate("{\"SdkAppId\":0,\"TaskId\":\"t\"}".getBytes(UTF_8)).summary())
                    .isEqualTo("$.SdkAppId: must be at least 1, found 0");
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void headersAreValidatedAsAnObjectOfStrings() {
        SchemaValidator headers = SchemaValidator.of(MessageSchema.DEAD_LETTER_HEADERS_V1);
        Map<String, String> invalidCommand = new HashMap<>(Map.ofEntries(
                Map.entry("dlq.original.topic", "transcription.stop"),
                Map.entry("dlq.original.partition", "0"),
                Map.entry("dlq.original.offset", "77"),
                Map.entry("dlq.original.timestamp", "1769847330199"),
                Map.entry("dlq.consumer.group", "trtc-stop-worker"),
                Map.entry("dlq.command.id", "transcription.stop-0-77"),
                Map.entry("dlq.error.kind", "INVALID_COMMAND"),
                Map.entry("dlq.error.code", "InvalidCommand.NullValue"),
                Map.entry("dlq.error.message", "$: value is null"),
                Map.entry("dlq.attempts", "0"),
                Map.entry("dlq.worker.instance", "worker-1"),
                Map.entry("dlq.replay.count", "0")));

        ValidationResult valid = headers.validateHeaders(invalidCommand);
        assertThat(valid.violations()).isEmpty();
        assertThat(valid.document().path("dlq.error.code").asString()).isEqualTo("InvalidCommand.NullValue");

        invalidCommand.put("dlq.consumer.group", null);
        invalidCommand.put(null, "x");
        assertThat(headers.validateHeaders(invalidCommand).violations()).extracting(Violation::toString)
                .containsExactlyInAnyOrder("$['dlq.consumer.group']: expected string, found null", "$: has a header with a null name");
        assertThat(headers.validateHeaders(null).summary()).isEqualTo("$: value is null");
    }

    /** Not a timed assertion: prints the rate so a regression is visible in the test output. */
    @Test
    void reportsValidationThroughput() {
        byte[] command = VALID_COMMAND.getBytes(UTF_8);
        for (int i = 0; i < 20_000; i++) {
            commands.validate(command);
        }
        int rounds = 100_000;
        int valid = 0;
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            if (commands.validate(command).valid()) {
                valid++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(valid).isEqualTo(rounds);
        System.out.printf(Locale.ROOT, "stop command validation (parse + schema), one thread: %.0f validations/s%n", rounds / seconds);
    }
}
