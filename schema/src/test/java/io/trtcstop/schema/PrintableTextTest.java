package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTextTest {

    static Stream<Arguments> nonPrintable() {
        return Stream.of(
                Arguments.of("line feed", "a\nb", "a\\nb"),
                Arguments.of("carriage return and tab", "a\r\tb", "a\\r\\tb"),
                Arguments.of("escape (terminal control)", "\u001b[31mred", "\\u001B[31mred"),
                Arguments.of("NUL", "a\u0000b", "a\\u0000b"),
                Arguments.of("DEL", "a\u007fb", "a\\u007Fb"),
                Arguments.of("C1 next line", "a\u0085b", "a\\u0085b"),
                Arguments.of("C1 control sequence introducer", "\u009b2J", "\\u009B2J"),
                Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
                Arguments.of("paragraph separator", "a\u2029b", "a\\u2029b"),
                Arguments.of("right-to-left override", "abc\u202edef", "abc\\u202Edef"),
                Arguments.of("first strong isolate", "\u2068x\u2069", "\\u2068x\\u2069"),
                Arguments.of("left-to-right mark", "\u200ex", "\\u200Ex"),
                Arguments.of("zero width space", "a\u200bb", "a\\u200Bb"),
                Arguments.of("no-break space", "\u00a0t", "\\u00A0t"),
                Arguments.of("ideographic space", "\u3000t", "\\u3000t"),
                Arguments.of("byte order mark", "\ufefft", "\\uFEFFt"),
                Arguments.of("private use", "\ue000", "\\uE000"),
                Arguments.of("unpaired high surrogate", "x\ud800", "x\\uD800"),
                Arguments.of("unpaired low surrogate", "\udc00x", "\\uDC00x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonPrintable")
    void nonPrintableCharactersAreEscaped(String what, String text, String expected) {
        assertThat(PrintableText.escape(text, 100)).isEqualTo(expected);
        assertThat(PrintableText.isPrintable(text)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "-nE5Nd9U7pfwyEzu+8LNXe1Q2ndibj-r1AI7H3plkD1p8pHX71AE.",
            "'with a space, quotes \" and a backslash \\n'",
            "会议室-7", "转写任务-🎙️-ταυτότητα", "café"})
    void printableTextIsKeptAsItIs(String text) {
        assertThat(PrintableText.escape(text, 200)).isEqualTo(text);
        assertThat(PrintableText.isPrintable(text)).isTrue();
    }

    @Test
    void longTextIsCutNeverInsideAnEscapeOrASurrogatePair() {
        assertThat(PrintableText.escape("x".repeat(50_000), 10)).isEqualTo("xxxxxxxxxx…");
        assertThat(PrintableText.escape("abcdefgh\u001b", 10)).as("the escape does not fit whole").isEqualTo("abcdefgh…");
        assertThat(PrintableText.escape("abcdefghi😀", 10)).as("the pair does not fit whole").isEqualTo("abcdefghi…");
        assertThat(PrintableText.escape("abcdefgh😀", 10)).isEqualTo("abcdefgh😀");
        assertThat(PrintableText.escape(null, 10)).isEqualTo("null");
        assertThatThrownBy(() -> PrintableText.escape("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyTextBecomesOneBoundedLineOfPrintableCharacters() {
        Random random = new Random(0x7E57L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                // Half ASCII (controls included), half anywhere in the UTF-16 range (surrogates and all).
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            int max = 1 + random.nextInt(60);
            String escaped = PrintableText.escape(text.toString(), max);
            String body = escaped.endsWith(PrintableText.CUT) ? escaped.substring(0, escaped.length() - 1) : escaped;
            assertThat(body.length()).as("bounded: %s", escaped).isLessThanOrEqualTo(max);
            assertThat(PrintableText.isPrintable(body)).as("printable: %s", escaped).isTrue();
            assertThat(escaped).doesNotContain("\n", "\r", "\u001b", "\u2028", "\u0085");
            if (!escaped.endsWith(PrintableText.CUT)) {
                assertThat(PrintableText.escape(escaped, max)).as("escaping twice changes nothing").isEqualTo(escaped);
            }
        }
    }
}
