package io.trtcstop.worker.replay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Record keys and values as people can read them: text when they are UTF-8 text, else a byte count. */
final class Bytes {

    private Bytes() {
    }

    /** The bytes as text, or null when they are not valid UTF-8 or hold control characters other than whitespace. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** For a text report: the text (shortened to {@code limit} characters), "(null)", or "(N bytes, not text)". */
    static String shown(byte[] bytes, int limit) {
        if (bytes == null) {
            return "(null)";
        }
        String text = text(bytes);
        if (text == null) {
            return "(" + bytes.length + " bytes, not text)";
        }
        return text.length() <= limit ? text : text.substring(0, limit) + "... (" + bytes.length + " bytes)";
    }
}
