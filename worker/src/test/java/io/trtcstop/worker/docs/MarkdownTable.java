package io.trtcstop.worker.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of the tables in a Markdown page whose header starts with given column names, e.g. every
 * {@code | variable | default | ...} table of {@code docs/configuration.md}. Cells are trimmed; pipes inside
 * backticks are not supported (the pages do not use them).
 */
record MarkdownTable(List<List<String>> rows) {

    static MarkdownTable of(String page, String... leadingColumns) {
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = DocPages.proseLines(page);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!isRow(lines.get(i)) || !lines.get(i + 1).strip().matches("\\|[-:| ]+\\|")) {
                continue;
            }
            List<String> header = cells(lines.get(i));
            if (!startsWith(header, leadingColumns)) {
                continue;
            }
            int j = i + 2;
            for (; j < lines.size() && isRow(lines.get(j)); j++) {
                rows.add(cells(lines.get(j)));
            }
            i = j;
        }
        return new MarkdownTable(rows);
    }

    /** The first cell's text between backticks, e.g. {@code KAFKA_BOOTSTRAP_SERVERS}; null if it has none. */
    static String code(String cell) {
        int start = cell.indexOf('`');
        int end = start < 0 ? -1 : cell.indexOf('`', start + 1);
        return end < 0 ? null : cell.substring(start + 1, end);
    }

    private static boolean isRow(String line) {
        String s = line.strip();
        return s.startsWith("|") && s.endsWith("|") && s.length() > 1;
    }

    private static List<String> cells(String line) {
        String s = line.strip();
        List<String> cells = new ArrayList<>();
        for (String cell : s.substring(1, s.length() - 1).split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static boolean startsWith(List<String> header, String[] leading) {
        if (header.size() < leading.length) {
            return false;
        }
        for (int k = 0; k < leading.length; k++) {
            if (!header.get(k).toLowerCase(Locale.ROOT).equals(leading[k])) {
                return false;
            }
        }
        return true;
    }
}
