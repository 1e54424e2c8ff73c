package io.trtcstop.worker.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures and the broken invariants of one chaos run, printed as one block; the run fails if any invariant
 * broke. Problems are collected rather than thrown one by one, so a failing run still shows all its figures.
 */
final class ChaosReport {

    private final String title;
    private final List<String> figures = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean printed;

    ChaosReport(String title) {
        this.title = title;
    }

    synchronized ChaosReport figure(String name, String format, Object... args) {
        figures.add(String.format(Locale.ROOT, "%-22s %s", name, String.format(Locale.ROOT, format, args)));
        return this;
    }

    /** Records a broken invariant unless {@code holds}. */
    synchronized ChaosReport check(boolean holds, String format, Object... args) {
        if (!holds) {
            problems.add(String.format(Locale.ROOT, format, args));
        }
        return this;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized String block() {
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(Math.max(60, title.length() + 14));
        b.append('\n').append(rule).append("\nCHAOS ").append(title).append('\n').append(rule).append('\n');
        figures.forEach(f -> b.append("  ").append(f).append('\n'));
        if (problems.isEmpty()) {
            b.append("  VERDICT: every invariant held\n");
        } else {
            b.append("  VERDICT: ").append(problems.size()).append(" invariant(s) broken\n");
            problems.forEach(p -> b.append("    - ").append(p).append('\n'));
        }
        return b.append(rule).append('\n').toString();
    }

    void printAndAssert() {
        String block = print();
        assertThat(problems()).as(block).isEmpty();
    }

    /** For a run that ended on an exception before its checks: the figures so far, once. */
    synchronized void printIfAborted(List<String> unexpectedExits) {
        if (!printed) {
            check(false, "the run ended on an exception before its checks (see the test failure); worker runs "
                    + "that ended on their own: %s", unexpectedExits);
            print();
        }
    }

    private synchronized String print() {
        printed = true;
        String block = block();
        System.out.println(block);
        return block;
    }
}
