package io.trtcstop.worker.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.schema.MessageSchema;
import io.trtcstop.schema.SchemaValidator;
import io.trtcstop.schema.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The typed shortcut may accept only what the schema accepts: checked against the schema over many documents. */
class PlainCommandTest {

    private static final SchemaValidator SCHEMA = SchemaValidator.of(MessageSchema.STOP_COMMAND_V1);
    private static final String ABSENT = null;
    private static final long SEED = 0x5C4E3AL;

    // JSON texts of field values, valid and invalid, with the edge cases of each rule (null: leave the field out).
    private static final List<String> SDK_APP_IDS = List.of("1", "0", "-1", "4294967295", "4294967296", "1.0", "1e9",
            "1.5", "\"1\"", "null", "true", "99999999999999999999", "1400000001");
    private static final List<String> TASK_IDS = List.of("\"t\"", "\"\"", "\" t\"", "\"t \"", "\"\\tt\"", "\"t\\n\"",
            q("x".repeat(256)), q("x".repeat(257)), "\"é\"", q("😀".repeat(128)), q("😀".repeat(129)),
            "\"\\u00a0t\"", "\"t\\u2028\"", "\"t\\u0085\"", "\"a b\"", "\"\\ufefft\"", "1", "null",
            "\"-nE5Nd9U7pfwyEzu+8LN.\"", "\"x\\ud800\"", "\"\\ud800x\"", "\"a\\u001bb\"", "\"a\\u00a0b\"",
            "\"a\\u202eb\"", "\"a\\u007fb\"", "\"a\\u0000b\"", "\"a~!b\"", "\"会议\"", "\"t\\u2028x\"");
    private static final List<String> REGIONS = List.of("\"ap-guangzhou\"", "\"ap-hongkong\"", "\"ap-singapore\"",
            "\"AP-SINGAPORE\"", "\"\"", "\"us-east-1\"", "1", "null");
    private static final List<String> ROOM_IDS = List.of("\"r\"", "12345", "1.5", "1.0", "true", "null", "{}", "[]",
            "\"\"", "123456789012345678901234567890");
    private static final List<String> COMMAND_IDS = List.of("\"c\"", "\"\"", q("x".repeat(256)), q("x".repeat(257)),
            "1", "null", q("é".repeat(256)));
    private static final List<String> REQUESTED_ATS = List.of("\"2026-11-23T10:00:00Z\"",
            "\"2026-11-23T10:00:00.123+08:00\"", "\"2026-11-23t10:00:00z\"", "\"2026-02-30T10:00:00Z\"",
            "\"2026-11-23T24:00:00Z\"", "\"2026-12-31T23:59:60Z\"", "\"2026-11-23T10:00:00+19:00\"",
            "\"2026-11-23T10:00:00+18:00\"", "\"2026-11-23T10:00:00-00:00\"", "\"0000-01-01T00:00:00Z\"",
            "\"2026-11-23 10:00:00Z\"", "\"2026-11-23T10:00:00\"", "\"x\"", "1", "null", "\"2026-13-01T10:00:00Z\"",
            "\"2026-11-23T10:00:00.1234567891Z\"", "\"2026-11-23T10:00:00.123456789Z\"", "\"2026-11-23T10:00:00+0800\"",
            "\"2024-02-29T00:00:00Z\"", "\"2025-02-29T00:00:00Z\"", "\"2026-11-23T10:60:00Z\"");

    @Test
    void acceptsOnlyDocumentsTheSchemaAccepts() {
        Random random = new Random(SEED);
        int plain = 0;
        for (int i = 0; i < 20_000; i++) {
            String json = document(random);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ValidationResult full = SCHEMA.validate(bytes);
            ValidationResult shortcut = SCHEMA.validate(bytes, PlainCommand::isPlainlyValid);
            if (full.document() != null && PlainCommand.isPlainlyValid(full.document())) {
                plain++;
                assertThat(full.violations()).as(json).isEmpty();
            }
            // Whatever the shortcut does, the verdict and its wording are the schema's.
            assertThat(shortcut).as(json).isEqualTo(full);
        }
        assertThat(plain).as("documents the shortcut recognised").isGreaterThan(500);
    }

    @Test
    void recognisesTheEverydayCommands() {
        for (String json : List.of("{\"SdkAppId\":1400000001,\"TaskId\":\"-nE5Nd9U7pfwyEzu+8LN.\"}",
                "{\"SdkAppId\":1400000001,\"TaskId\":\"t-1\",\"CommandId\":\"overhead-17\"}",
                "{\"SdkAppId\":4294967295,\"TaskId\":\"t\",\"Region\":\"ap-singapore\",\"RoomId\":12345,"
                        + "\"CommandId\":\"c-1\",\"RequestedAt\":\"2026-11-23T10:00:00Z\",\"Future\":true}",
                "{\"SdkAppId\":1,\"TaskId\":\"t\",\"Region\":null,\"RoomId\":\"room\",\"RequestedAt\":\"2026-11-23T10:00:00.5+08:00\"}")) {
            JsonNode doc = SCHEMA.validate(json.getBytes(StandardCharsets.UTF_8)).document();
            assertThat(PlainCommand.isPlainlyValid(doc)).as(json).isTrue();
        }
    }

    private static String document(Random random) {
        StringBuilder json = new StringBuilder("{");
        field(json, "SdkAppId", pick(random, SDK_APP_IDS, 8));
        field(json, "TaskId", pick(random, TASK_IDS, 20));
        field(json, "Region", pick(random, REGIONS, 2));
        field(json, "RoomId", pick(random, ROOM_IDS, 2));
        field(json, "CommandId", pick(random, COMMAND_IDS, 2));
        field(json, "RequestedAt", pick(random, REQUESTED_ATS, 2));
        if (random.nextInt(4) == 0) {
            field(json, "Extra", "[1,{\"a\":null}]");
        }
        return json.append('}').toString();
    }

    /** A value from the list, or ABSENT; the everyday value (the list's first) gets {@code firstWeight} extra chances. */
    private static String pick(Random random, List<String> values, int firstWeight) {
        int n = random.nextInt(values.size() + 1 + firstWeight);
        return n == values.size() ? ABSENT : n > values.size() ? values.getFirst() : values.get(n);
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value);
        }
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }
}
