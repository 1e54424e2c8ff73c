package io.trtcstop.worker.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a PromQL expression reads, as far as checking it against a scrape needs: the series it selects (metric
 * name and the labels its matchers name) and the labels it groups or joins by, each with the metrics of the part
 * of the expression the grouping applies to. Not a full parser: string literals, durations, numbers, functions
 * and keywords are recognised so that they are not taken for metrics; anything else that looks like a name is one.
 *
 * @param selectors every {@code metric{label="..."}} selector, in order
 * @param groupings every {@code by (...)}, {@code without (...)}, {@code on (...)}, {@code ignoring (...)},
 *                  {@code group_left (...)} and {@code group_right (...)} clause
 */
public record PromQuery(List<Selector> selectors, List<Grouping> groupings) {

    /** One series selector: the metric and the label names its matchers use. */
    public record Selector(String metric, Set<String> labels) {}

    /** A label list the expression aggregates or matches by, and the metrics it applies to. */
    public record Grouping(String keyword, Set<String> labels, Set<String> metrics) {}

    /** Operators and aggregations: {@code sum by (x) (...)} puts no '(' right after the aggregation's name. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2",
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    public static PromQuery parse(String promql) {
        return new Parser(promql).parse();
    }

    /** The metric names only. */
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>();
        selectors.forEach(s -> names.add(s.metric()));
        return names;
    }

    private static final class Parser {
        private final String s;
        private int i;
        private final List<Selector> selectors = new ArrayList<>();
        private final List<Grouping> groupings = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        PromQuery parse() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    i = endOfString(i);
                } else if (c == '[') {
                    i = s.indexOf(']', i) < 0 ? s.length() : s.indexOf(']', i) + 1; // a range or subquery
                } else if (c == '{') {
                    selectorWithoutName();
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                            || ((s.charAt(i) == '+' || s.charAt(i) == '-') && "eE".indexOf(s.charAt(i - 1)) >= 0))) {
                        i++; // 0.95, 1e3, 5m, 0x1F
                    }
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    identifier();
                } else {
                    i++;
                }
            }
            Set<String> all = new TreeSet<>();
            selectors.forEach(sel -> all.add(sel.metric()));
            List<Grouping> scoped = groupings.stream()
                    .map(g -> g.metrics().isEmpty() ? new Grouping(g.keyword(), g.labels(), all) : g).toList();
            return new PromQuery(List.copyOf(selectors), scoped);
        }

        private void identifier() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                i++;
            }
            String name = s.substring(start, i);
            int next = skipSpace(i);
            boolean call = next < s.length() && s.charAt(next) == '(';
            if (GROUPING.contains(name) && call) {
                int close = matching(next);
                Set<String> labels = labelList(s.substring(next + 1, close));
                i = close + 1;
                int after = skipSpace(i);
                String scope;
                if ((name.equals("by") || name.equals("without")) && after < s.length() && s.charAt(after) == '(') {
                    scope = s.substring(after, matching(after) + 1); // sum by (x) (body)
                } else if ((name.equals("by") || name.equals("without")) && before(start) >= 0) {
                    int end = before(start);
                    scope = s.substring(opening(end), end + 1); // sum (body) by (x)
                } else {
                    scope = s; // on/ignoring/group_*: both sides of the operator
                }
                groupings.add(new Grouping(name, labels, parseMetrics(scope)));
                return;
            }
            if (call || KEYWORDS.contains(name.toLowerCase()) || GROUPING.contains(name)) {
                return; // a function, an aggregation or a keyword
            }
            Set<String> labels = new LinkedHashSet<>();
            if (next < s.length() && s.charAt(next) == '{') {
                int close = endOfMatchers(next);
                labels.addAll(matcherLabels(s.substring(next + 1, close)));
                i = close + 1;
            }
            selectors.add(new Selector(name, labels));
        }

        private void selectorWithoutName() {
            int close = endOfMatchers(i);
            i = close + 1; // {__name__=~"..."}: not used in ops/, and not a name this check could verify
        }

        private Set<String> parseMetrics(String part) {
            return part == s ? Set.of() : new Parser(part).parse().metrics();
        }

        /** The index of the ')' right before {@code pos}, ignoring spaces, or -1. */
        private int before(int pos) {
            int j = pos - 1;
            while (j >= 0 && Character.isWhitespace(s.charAt(j))) {
                j--;
            }
            return j >= 0 && s.charAt(j) == ')' ? j : -1;
        }

        private int opening(int close) {
            int depth = 0;
            for (int j = close; j >= 0; j--) {
                if (s.charAt(j) == ')') {
                    depth++;
                } else if (s.charAt(j) == '(' && --depth == 0) {
                    return j;
                }
            }
            throw new IllegalArgumentException("unbalanced parentheses in " + s);
        }

        private int matching(int open) {
            int depth = 0;
            for (int j = open; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '"' || c == '\'' || c == '`') {
                    j = endOfString(j) - 1;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return j;
                }
            }
            throw new IllegalArgumentException("unbalanced parentheses in " + s);
        }

        private int endOfMatchers(int open) {
            for (int j = open; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '"' || c == '\'' || c == '`') {
                    j = endOfString(j) - 1;
                } else if (c == '}') {
                    return j;
                }
            }
            throw new IllegalArgumentException("unclosed label matchers in " + s);
        }

        /** The index after the string literal that starts at {@code open}. */
        private int endOfString(int open) {
            char quote = s.charAt(open);
            for (int j = open + 1; j < s.length(); j++) {
                if (s.charAt(j) == '\\' && quote != '`') {
                    j++;
                } else if (s.charAt(j) == quote) {
                    return j + 1;
                }
            }
            throw new IllegalArgumentException("unclosed string in " + s);
        }

        private int skipSpace(int from) {
            int j = from;
            while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            return j;
        }

        private static Set<String> labelList(String inner) {
            Set<String> labels = new LinkedHashSet<>();
            for (String label : inner.split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
            return labels;
        }

        /** The label names of {@code a="x", b=~"y"}: the strings are skipped, so commas inside them do not count. */
        private static Set<String> matcherLabels(String inner) {
            Set<String> labels = new LinkedHashSet<>();
            Parser p = new Parser(inner);
            while (p.i < inner.length()) {
                char c = inner.charAt(p.i);
                if (c == '"' || c == '\'' || c == '`') {
                    p.i = p.endOfString(p.i);
                } else if (Character.isLetter(c) || c == '_') {
                    int start = p.i;
                    while (p.i < inner.length() && (Character.isLetterOrDigit(inner.charAt(p.i)) || inner.charAt(p.i) == '_')) {
                        p.i++;
                    }
                    labels.add(inner.substring(start, p.i));
                } else {
                    p.i++;
                }
            }
            return labels;
        }
    }
}
