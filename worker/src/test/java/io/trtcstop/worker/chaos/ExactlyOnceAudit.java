package io.trtcstop.worker.chaos;

import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TaskState;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The invariants every chaos run must keep, checked against what was committed (read_committed) and what the API
 * saw: every command record has exactly one outcome (matched by Source topic, partition and offset); every
 * DEAD_LETTERED outcome has exactly one dead letter with the same reason and the original bytes (matched by the
 * dlq.original.* headers), and every dead letter has such an outcome; every valid command's task is stopped and its
 * outcome is no dead letter; every bad record is dead-lettered as InvalidCommand.* with a message.
 */
final class ExactlyOnceAudit {

    private static final Set<String> DONE = Set.of("STOPPED", "ALREADY_STOPPED");
    private static final int EXAMPLES = 5;

    /** The counts tests bound further (dead letters, extra calls). */
    record Counts(int outcomes, int deadLetters, long extraCalls) {
    }

    private ExactlyOnceAudit() {
    }

    /**
     * Waits until the group has committed every command record's offset and an outcome is visible for each, then
     * reads both output topics to their end. A timeout is reported as a problem, not thrown, so the figures still
     * show what happened.
     */
    static boolean awaitSettled(ChaosTopics topics, List<SentRecord> sent, CommittedOutput output, Duration timeout,
                                Callable<Boolean> hopeless, ChaosReport report) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (SentRecord r : sent) {
            ends.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        Set<String> sources = sent.stream().map(SentRecord::source).collect(Collectors.toSet());
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .failFast("every worker process has ended", hopeless).until(() ->
                    output.outcomes().stream().map(CommittedOutput.Outcome::source).collect(Collectors.toSet())
                            .containsAll(sources) && committedUpTo(topics, ends));
            output.readToEnd(Duration.ofSeconds(30));
            return true;
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            report.check(false, "not settled within %s (%s): %d outcome(s) visible for %d record(s); committed offsets %s"
                    + " of %s", timeout, e.getMessage(), output.outcomes().size(), sent.size(), committedOffsets(topics), ends);
            return false;
        }
    }

    private static boolean committedUpTo(ChaosTopics topics, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = topics.broker().admin()
                .listConsumerGroupOffsets(topics.group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        return ends.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return c != null && c.offset() >= e.getValue();
        });
    }

    private static String committedOffsets(ChaosTopics topics) {
        try {
            return new TreeMap<>(topics.broker().admin().listConsumerGroupOffsets(topics.group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue() == null ? -1
                            : e.getValue().offset()))).toString();
        } catch (Exception e) {
            return "(unknown: " + e + ")";
        }
    }

    /** Checks every invariant and adds the figures: outcomes, dead letters, extra API calls. */
    static Counts check(List<SentRecord> sent, CommittedOutput output, ChaosApi api, ChaosReport report) {
        List<CommittedOutput.Outcome> outcomes = output.outcomes();
        List<CommittedOutput.DeadLetter> deadLetters = output.deadLetters();
        Map<String, SentRecord> bySource = sent.stream()
                .collect(Collectors.toMap(SentRecord::source, Function.identity()));
        Map<String, List<CommittedOutput.Outcome>> outcomesBySource = outcomes.stream()
                .collect(Collectors.groupingBy(CommittedOutput.Outcome::source));
        Map<String, List<CommittedOutput.DeadLetter>> lettersBySource = deadLetters.stream()
                .collect(Collectors.groupingBy(CommittedOutput.DeadLetter::source));

        List<String> missing = bySource.keySet().stream().filter(s -> !outcomesBySource.containsKey(s)).sorted()
                .toList();
        List<String> duplicated = outcomesBySource.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " x" + e.getValue().size()).sorted().toList();
        List<String> unknown = outcomesBySource.keySet().stream().filter(s -> !bySource.containsKey(s)).sorted()
                .toList();
        report.check(missing.isEmpty(), "%d record(s) without a committed outcome, e.g. %s", missing.size(),
                examples(missing));
        report.check(duplicated.isEmpty(), "%d record(s) with more than one committed outcome, e.g. %s",
                duplicated.size(), examples(duplicated));
        report.check(unknown.isEmpty(), "%d outcome(s) for records never sent, e.g. %s", unknown.size(),
                examples(unknown));

        Map<String, Long> validNotDone = new TreeMap<>();
        Map<String, Long> badNotDeadLettered = new TreeMap<>();
        long extraCalls = 0;
        long notStopped = 0;
        for (SentRecord r : sent) {
            List<CommittedOutput.Outcome> os = outcomesBySource.getOrDefault(r.source(), List.of());
            switch (r.expected()) {
                case Expected.Stop stop -> {
                    os.stream().filter(o -> !DONE.contains(o.status()))
                            .forEach(o -> validNotDone.merge(o.status() + " " + o.errorCode(), 1L, Long::sum));
                    if (api.emulator().taskState(stop.taskId()) != TaskState.STOPPED) {
                        notStopped++;
                    }
                    extraCalls += Math.max(0, api.emulator().stopCallCount(stop.taskId()) - 1);
                }
                case Expected.Invalid invalid -> os.stream()
                        .filter(o -> !"DEAD_LETTERED".equals(o.status()) || o.errorCode() == null
                                || !o.errorCode().startsWith("InvalidCommand.") || o.errorMessage() == null
                                || o.errorMessage().isBlank())
                        .forEach(o -> badNotDeadLettered.merge(invalid.kind() + " -> " + o.status() + " "
                                + o.errorCode(), 1L, Long::sum));
            }
        }
        report.check(validNotDone.isEmpty(), "valid command(s) whose outcome is not STOPPED/ALREADY_STOPPED: %s",
                validNotDone);
        report.check(notStopped == 0, "%d valid command(s) whose task is still running in the API", notStopped);
        report.check(badNotDeadLettered.isEmpty(), "bad record(s) not dead-lettered as InvalidCommand.* with a "
                + "message: %s", badNotDeadLettered);

        checkDeadLetters(bySource, outcomesBySource, lettersBySource, report);

        long stops = sent.stream().filter(r -> r.expected() instanceof Expected.Stop).count();
        report.figure("records", "%d (%d stop commands, %d bad)", sent.size(), stops, sent.size() - stops);
        report.figure("outcomes committed", "%d", outcomes.size());
        report.figure("dead letters", "%d (%s)", deadLetters.size(), deadLetters.stream()
                .collect(Collectors.groupingBy(d -> d.kind() + " " + d.errorCode(), TreeMap::new,
                        Collectors.counting())));
        long accepted = api.acceptedStopCalls();
        long throttled = api.throttledStopCalls();
        report.figure("API stop calls", "%d accepted, %d throttled (%.2f %% of offered)", accepted, throttled,
                accepted + throttled == 0 ? 0.0 : 100.0 * throttled / (accepted + throttled));
        report.figure("achieved API rate", "%.1f accepted calls/s (first to last second with a call); peak %d "
                + "offered in one second", api.achievedRate(), api.peakOfferedPerSecond());
        report.figure("extra API calls", "%d (stop calls that reached a task beyond one per valid command)",
                extraCalls);
        return new Counts(outcomes.size(), deadLetters.size(), extraCalls);
    }

    private static void checkDeadLetters(Map<String, SentRecord> bySource,
                                         Map<String, List<CommittedOutput.Outcome>> outcomesBySource,
                                         Map<String, List<CommittedOutput.DeadLetter>> lettersBySource,
                                         ChaosReport report) {
        List<String> withoutLetter = outcomesBySource.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(o -> "DEAD_LETTERED".equals(o.status())))
                .filter(e -> lettersBySource.getOrDefault(e.getKey(), List.of()).size() != 1)
                .map(e -> e.getKey() + " (" + lettersBySource.getOrDefault(e.getKey(), List.of()).size()
                        + " dead letters)")
                .sorted().toList();
        List<String> withoutOutcome = lettersBySource.keySet().stream()
                .filter(s -> outcomesBySource.getOrDefault(s, List.of()).stream()
                        .noneMatch(o -> "DEAD_LETTERED".equals(o.status())))
                .sorted().toList();
        List<String> wrongReason = lettersBySource.entrySet().stream().filter(e -> {
            CommittedOutput.DeadLetter d = e.getValue().getFirst();
            return d.errorCode() == null || d.errorMessage() == null || d.errorMessage().isBlank()
                    || outcomesBySource.getOrDefault(e.getKey(), List.of()).stream()
                            .noneMatch(o -> d.errorCode().equals(o.errorCode()));
        }).map(Map.Entry::getKey).sorted().toList();
        List<String> changedBytes = lettersBySource.entrySet().stream()
                .filter(e -> bySource.containsKey(e.getKey()))
                .filter(e -> !Arrays.equals(e.getValue().getFirst().value(), bySource.get(e.getKey()).value()))
                .map(Map.Entry::getKey).sorted().toList();
        report.check(withoutLetter.isEmpty(), "%d DEAD_LETTERED outcome(s) without exactly one dead letter, e.g. %s",
                withoutLetter.size(), examples(withoutLetter));
        report.check(withoutOutcome.isEmpty(), "%d dead letter(s) without a DEAD_LETTERED outcome, e.g. %s",
                withoutOutcome.size(), examples(withoutOutcome));
        report.check(wrongReason.isEmpty(), "%d dead letter(s) without the outcome's reason in dlq.error.code/"
                + "dlq.error.message, e.g. %s", wrongReason.size(), examples(wrongReason));
        report.check(changedBytes.isEmpty(), "%d dead letter(s) whose value is not the original bytes, e.g. %s",
                changedBytes.size(), examples(changedBytes));
    }

    private static List<String> examples(List<String> all) {
        return all.subList(0, Math.min(EXAMPLES, all.size()));
    }
}
