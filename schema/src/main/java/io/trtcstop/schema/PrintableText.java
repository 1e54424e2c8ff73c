package io.trtcstop.schema;

/**
 * Makes text that came from outside (a producer's TaskId, key or header, a JSON field name, a server's message) safe
 * for a text sink: a log line, a logging context value, a thread name, a dead-letter header, an outcome's error
 * message, an operator's terminal. Every character that is not printable is written as an escape, so the text stays
 * on one line and can neither forge a log line ({@code \r}, {@code \n}, U+2028, U+0085), move or recolour a terminal
 * (ESC and the other C0 and C1 controls), reorder what is shown (bidi controls) nor hide itself (format characters,
 * spaces other than U+0020, unpaired surrogates, unassigned and private-use code points).
 *
 * <p>Printable text, ASCII or not ({@code 会议室-7}, {@code 🎙️}), is kept as it is, and so is the backslash: the escapes
 * make a hostile character visible, they are not meant to be decoded back. {@code \t}, {@code \n} and {@code \r}
 * become those two-character escapes; every other escaped UTF-16 unit becomes {@code \}{@code uXXXX} (upper-case hex,
 * as Jackson writes it). Past {@code maxChars} characters of escaped text the rest is cut and {@code …} added, never
 * inside an escape or a surrogate pair.
 */
public final class PrintableText {

    /** Appended where text was cut short. */
    public static final String CUT = "…";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PrintableText() {
    }

    /** {@code text} with every non-printable character escaped, cut to at most {@code maxChars} characters plus {@link #CUT}. */
    public static String escape(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        if (text == null) {
            return "null";
        }
        if (text.length() <= maxChars && isPrintable(text)) {
            return text; // the everyday case (a valid TaskId), without copying
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + CUT.length());
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            String piece = isPrintable(codePoint) ? text.substring(i, i + width) : escaped(text, i, width);
            if (out.length() + piece.length() > maxChars) {
                return out.append(CUT).toString();
            }
            out.append(piece);
            i += width;
        }
        return out.toString();
    }

    /** Whether {@code text} would come back from {@link #escape} unchanged (if short enough). */
    public static boolean isPrintable(String text) {
        return text.codePoints().allMatch(PrintableText::isPrintable);
    }

    /** Printable: ASCII 0x20-0x7E, or a later assigned code point that is no control, format, separator or surrogate. */
    static boolean isPrintable(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= 0x20 && codePoint < 0x7F;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    private static String escaped(String text, int start, int width) {
        StringBuilder s = new StringBuilder(12);
        for (int i = start; i < start + width; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                default -> s.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                        .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return s.toString();
    }
}
