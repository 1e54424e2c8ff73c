package io.trtcstop.worker.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.trtc.Region;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandDecoderTest {

    private final CommandDecoder decoder = new CommandDecoder(1024, Region.AP_HONGKONG);

    private DecodedCommand decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMinimalCommandGetsTheDefaultRegion() {
        DecodedCommand d = decode("{\"SdkAppId\":1400000001,\"TaskId\":\"-nE5Nd9U7pfwyEzu+8LN.\"}");
        assertThat(d).isEqualTo(new DecodedCommand.Valid(new StopCommand(1400000001L, "-nE5Nd9U7pfwyEzu+8LN.",
                Region.AP_HONGKONG, null, null, null)));
    }

    @Test
    void optionalFieldsAreKeptAndUnknownOnesIgnored() {
        DecodedCommand d = decode("{\"SdkAppId\":4294967295,\"TaskId\":\"t\",\"Region\":\"ap-singapore\","
                + "\"RoomId\":12345,\"CommandId\":\"c-1\",\"RequestedAt\":\"2026-11-23T10:00:00Z\",\"Future\":true}");
        assertThat(d).isEqualTo(new DecodedCommand.Valid(new StopCommand(4294967295L, "t", Region.AP_SINGAPORE,
                "12345", "c-1", "2026-11-23T10:00:00Z")));
    }

    @Test
    void aNullRegionMeansTheDefault() {
        DecodedCommand d = decode("{\"SdkAppId\":1,\"TaskId\":\"t\",\"Region\":null}");
        assertThat(((DecodedCommand.Valid) d).command().region()).isEqualTo(Region.AP_HONGKONG);
    }

    @Test
    void aTombstoneIsInvalid() {
        assertThat(decoder.decode(null)).isEqualTo(DecodedCommand.invalid(CommandDecoder.NULL_VALUE,
                "record value is null (a tombstone is not a stop command)"));
    }

    @Test
    void anOversizedRecordIsRefusedBeforeParsing() {
        String big = "{\"SdkAppId\":1,\"TaskId\":\"t\",\"Pad\":\"" + "x".repeat(2000) + "\"}";
        DecodedCommand d = decode(big);
        assertThat(d).isInstanceOfSatisfying(DecodedCommand.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo(CommandDecoder.TOO_LARGE);
            assertThat(i.message()).contains("more than the limit of 1024");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                     | InvalidCommand.NotJson | not JSON",
            "''                                           | InvalidCommand.NotJson | empty input",
            "[1,2]                                        | InvalidCommand.Schema  | $",
            "{\"TaskId\":\"t\"}                           | InvalidCommand.Schema  | $.SdkAppId",
            "{\"SdkAppId\":\"1\",\"TaskId\":\"t\"}        | InvalidCommand.Schema  | $.SdkAppId",
            "{\"SdkAppId\":1.5,\"TaskId\":\"t\"}          | InvalidCommand.Schema  | $.SdkAppId",
            "{\"SdkAppId\":4294967296,\"TaskId\":\"t\"}   | InvalidCommand.Schema  | 4294967295",
            "{\"SdkAppId\":1,\"TaskId\":\"\"}             | InvalidCommand.Schema  | $.TaskId",
            "{\"SdkAppId\":1,\"TaskId\":\"t\",\"Region\":\"us-east-1\"} | InvalidCommand.Schema | $.Region",
    })
    void invalidInputIsNamedPrecisely(String json, String code, String messagePart) {
        DecodedCommand d = decode(json);
        assertThat(d).isInstanceOfSatisfying(DecodedCommand.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo(code);
            assertThat(i.message()).contains(messagePart);
        });
    }

    /** The API's task ids are printable ASCII: whitespace of any kind would make it answer ResourceNotFound (ALREADY_STOPPED). */
    @ParameterizedTest
    @ValueSource(strings = {"\\u00a0-nE5Nd9U7pfwyEzu+8LN.", "\\u3000-nE5Nd9U7pfwyEzu+8LN.", "\\ufeff-nE5Nd9U7pfwyEzu+8LN.",
            "-nE5Nd9U7pfwyEzu+8LN.\\u00a0", "task\\r\\n2026-01-31 ERROR forged", "task\\u001b[2J", "task\\u0000",
            "task\\u2028x", "task\\u202ex", "a b", "会议室-7"})
    void aTaskIdOutsidePrintableAsciiIsDeadLetteredAsInvalidAndQuotedEscaped(String jsonTaskId) {
        DecodedCommand d = decode("{\"SdkAppId\":1400000001,\"TaskId\":\"" + jsonTaskId + "\"}");
        assertThat(d).isInstanceOfSatisfying(DecodedCommand.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo(CommandDecoder.SCHEMA);
            assertThat(i.message()).startsWith("$.TaskId: must be printable ASCII without spaces (0x21 to 0x7E)");
            assertThat(i.message().codePoints().filter(c -> c < 0x20 || c == 0x7f || c == 0xa0 || c == 0x3000
                    || c == 0xfeff || c == 0x2028 || c == 0x202e)).as(i.message()).isEmpty();
        });
    }
}
