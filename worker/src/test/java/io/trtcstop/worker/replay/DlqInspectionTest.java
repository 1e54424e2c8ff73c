package io.trtcstop.worker.replay;

import static io.trtcstop.worker.replay.TestDeadLetters.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DlqInspectionTest {

    private static DlqInspection.Report report() {
        DeadLetterGroups groups = new DeadLetterGroups();
        groups.add(TestDeadLetters.of(0, 1, T0.plusSeconds(5), "RETRIES_EXHAUSTED", "InternalError", "{\"TaskId\":\"a\"}", 0), true);
        groups.add(TestDeadLetters.of(1, 2, T0, "RETRIES_EXHAUSTED", "InternalError", "{\"TaskId\":\"b\"}", 0), false);
        DeadLetter binary = new DeadLetter(new DeadLetterCoordinates("transcription.stop.dlq", 2, 3), T0.plusSeconds(9),
                null, new byte[] {(byte) 0xff, 0x00, 0x01}, TestDeadLetters.of(2, 3, T0, "INVALID_COMMAND",
                "InvalidCommand.NotJson", "x", 0).headers());
        groups.add(binary, false);
        return new DlqInspection.Report("transcription.stop.dlq", groups, "ledger", true, 1);
    }

    @Test
    void theJsonReportCountsGroupsAndShowsSamplesAsTextWhenTheyAreText() {
        JsonNode json = DlqInspection.json(report());
        assertThat(json.get("Total").asLong()).isEqualTo(3);
        assertThat(json.get("Oldest").asString()).isEqualTo("2026-01-31T08:00:00Z");
        assertThat(json.get("Newest").asString()).isEqualTo("2026-01-31T08:00:09Z");
        assertThat(json.get("Ledger").get("Replayed").asLong()).isEqualTo(1);
        JsonNode invalid = json.get("Groups").get(0);
        assertThat(invalid.get("Kind").asString()).isEqualTo("INVALID_COMMAND");
        assertThat(invalid.get("Sample").get("Key").isNull()).isTrue();
        assertThat(invalid.get("Sample").get("ValueBase64").asString()).isEqualTo("/wAB");
        JsonNode exhausted = json.get("Groups").get(1);
        assertThat(exhausted.get("Code").asString()).isEqualTo("InternalError");
        assertThat(exhausted.get("Count").asLong()).isEqualTo(2);
        assertThat(exhausted.get("AlreadyReplayed").asLong()).isEqualTo(1);
        assertThat(exhausted.get("Oldest").asString()).isEqualTo("2026-01-31T08:00:00Z");
        assertThat(exhausted.get("Sample").get("Value").asString()).isEqualTo("{\"TaskId\":\"a\"}");
        assertThat(exhausted.get("Sample").get("Headers").get("dlq.error.code").asString()).isEqualTo("InternalError");
    }

    @Test
    void theTextReportHasALinePerGroupWithASample() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DlqInspection.printText(report(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("transcription.stop.dlq: 3 dead letter(s)", "ledger ledger: 1 replayed",
                "(3 bytes, not text)", "value   {\"TaskId\":\"a\"}", "(1 replayed before)");
        assertThat(text.lines().filter(l -> l.startsWith("  RETRIES_EXHAUSTED"))).singleElement().asString()
                .contains("InternalError", " 2 ");
    }

    /** What a producer controls: its key, value and headers (names too), and what the worker copies (code, message). */
    private static DlqInspection.Report hostileReport() {
        String esc = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u2028\u202e";
        DeadLetter d = TestDeadLetters.of(0, 1, T0, "PERMANENT_API_ERROR", "Forged" + esc,
                "{\"TaskId\":\"" + esc + "\"}\r\nfake line", 0);
        d.headers().add("trace" + esc, ("value" + esc).getBytes(StandardCharsets.UTF_8));
        DeadLetter keyed = new DeadLetter(d.at(), d.time(), ("key" + esc).getBytes(StandardCharsets.UTF_8), d.value(),
                d.headers());
        DeadLetterGroups groups = new DeadLetterGroups();
        groups.add(keyed, false);
        return new DlqInspection.Report("transcription.stop.dlq", groups, "ledger", true, 0);
    }

    @Test
    void producerTextReachesTheTerminalEscaped() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        DlqInspection.printText(hostileReport(), new PrintStream(text, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        DlqInspection.printJson(hostileReport(), new PrintStream(json, true, StandardCharsets.UTF_8));
        for (String out : List.of(text.toString(StandardCharsets.UTF_8), json.toString(StandardCharsets.UTF_8))) {
            assertThat(out.codePoints().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || c == 0x2028
                    || c == 0x202e)).as(out).isEmpty();
        }
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Forged\\u001B]0;pwned\\u0007",
                "trace\\u001B]0;pwned", "key\\u001B]0;pwned", "\\r\\nfake line");
        assertThat(DlqInspection.json(hostileReport()).get("Groups").get(0).get("Code").asString())
                .as("JSON escapes losslessly").isEqualTo("Forged\u001b]0;pwned\u0007\u001b[2J\u009b31m\u2028\u202e");
    }
}
