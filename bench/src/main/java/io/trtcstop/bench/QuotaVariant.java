package io.trtcstop.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The variants of the quota scenario (issue 17), by the name {@code --quota-variants} takes. */
enum QuotaVariant {
    EVEN("even", "even"),
    ONE_PARTITION("one-partition", "one partition"),
    MIXED("mixed", "mixed"),
    SLOW_API("slow-api", "slow API"),
    SKEWED_CLOCKS("skewed-clocks", "skewed clocks"),
    MEMBER_KILLED("member-killed", "static member killed"),
    TWO_GROUPS("two-groups", "two groups");

    private final String key;
    private final String label;

    QuotaVariant(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name on the command line, and part of the run's topic names. */
    String key() {
        return key;
    }

    /** How its rows are labelled in the table. */
    String label() {
        return label;
    }

    /** The variant with this key, or null. */
    static QuotaVariant byKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equalsIgnoreCase(key.strip())).findFirst().orElse(null);
    }

    static String keys() {
        return Arrays.stream(values()).map(QuotaVariant::key).collect(Collectors.joining(", "));
    }

    static List<QuotaVariant> all() {
        return List.of(values());
    }
}
