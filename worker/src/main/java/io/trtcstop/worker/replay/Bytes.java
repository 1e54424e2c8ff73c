package io.trtcstop.worker.replay;

import io.trtcstop.schema.PrintableText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Record keys and values as people can read them: text when they are UTF-8 text, else a byte count. Producer text is
 * never printed raw: a key, value or header could carry terminal escapes or forge report lines.
 */
final class Bytes {

    private Bytes() {
    }

    /** The bytes as text, or null when they are not valid UTF-8 or hold control characters other than whitespace. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String s = utf8(bytes);
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return s;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * For a text report: UTF-8 text with its non-printable characters escaped (shortened to {@code limit}
     * characters), "(null)", or "(N bytes, not text)".
     */
    static String shown(byte[] bytes, int limit) {
        if (bytes == null) {
            return "(null)";
        }
        String text = utf8(bytes);
        if (text == null) {
            return "(" + bytes.length + " bytes, not text)";
        }
        String shown = PrintableText.escape(text, limit);
        return shown.endsWith(PrintableText.CUT) && !text.endsWith(PrintableText.CUT)
                ? shown + " (" + bytes.length + " bytes)" : shown;
    }

    /** Header names and values, error codes: producer text as one printable line. */
    static String shown(String text, int limit) {
        return PrintableText.escape(text, limit);
    }
}
