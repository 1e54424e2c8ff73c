package io.trtcstop.worker.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a replay will do, decided before anything is written: every dead letter of the snapshot is either not
 * matching, skipped (with a reason), or planned. With {@code --max N} the N oldest candidates are planned. Only
 * coordinates are kept, so a large dead-letter topic costs little memory; the records are read again to replay.
 */
final class ReplayPlan {

    private record Candidate(DeadLetterCoordinates at, Instant time, String kind, String code, String target) {}

    private static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparing(Candidate::time)
            .thenComparingInt(c -> c.at().partition()).thenComparingLong(c -> c.at().offset());

    private final ReplayOptions options;
    private final String target;
    private final List<Candidate> candidates = new ArrayList<>();
    private final Map<SkipReason, Map<String, Long>> skipped = new EnumMap<>(SkipReason.class);
    private final DeadLetterGroups planned = new DeadLetterGroups();
    private final Map<DeadLetterCoordinates, String> targets = new HashMap<>();
    private final Map<DeadLetterGroups.Key, DeadLetter> samples = new HashMap<>();
    private long scanned;
    private long notMatching;
    private boolean finished;

    /** {@code target}: where every planned dead letter goes ({@link ReplayTarget}). */
    ReplayPlan(ReplayOptions options, String target) {
        this.options = options;
        this.target = target;
    }

    void consider(DeadLetter d, boolean alreadyReplayed) {
        scanned++;
        switch (options.decide(d, alreadyReplayed, target)) {
            case ReplayOptions.Verdict.NotMatching n -> notMatching++;
            case ReplayOptions.Verdict.Skip s -> skip(s.reason(), d.code());
            case ReplayOptions.Verdict.Replay r -> {
                // Interned: a million candidates share a handful of kinds, codes and topics.
                candidates.add(new Candidate(d.at(), d.time(), d.kind().intern(), d.code().intern(), r.target().intern()));
                samples.putIfAbsent(new DeadLetterGroups.Key(d.kind(), d.code()), d);
            }
        }
    }

    /** Applies {@code --max}; call once, after the last {@link #consider}. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        candidates.sort(OLDEST_FIRST);
        long max = options.max() == 0 ? Long.MAX_VALUE : options.max();
        for (Candidate c : candidates) {
            if (targets.size() < max) {
                targets.put(c.at(), c.target());
                DeadLetterGroups.Key key = new DeadLetterGroups.Key(c.kind(), c.code());
                planned.add(key, c.time(), false, samples.get(key));
            } else {
                skip(SkipReason.BEYOND_MAX, c.code());
            }
        }
        candidates.clear();
        samples.clear();
    }

    /** The target topic of a planned dead letter, or null when it is not planned. */
    String target(DeadLetterCoordinates at) {
        return targets.get(at);
    }

    long size() {
        return targets.size();
    }

    /** Per partition of the dead-letter topic: the first and one past the last planned offset. */
    Map<Integer, long[]> ranges() {
        Map<Integer, long[]> ranges = new TreeMap<>();
        for (DeadLetterCoordinates at : targets.keySet()) {
            long[] r = ranges.computeIfAbsent(at.partition(), p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            r[0] = Math.min(r[0], at.offset());
            r[1] = Math.max(r[1], at.offset() + 1);
        }
        return ranges;
    }

    Set<String> targetTopics() {
        return new TreeSet<>(targets.values());
    }

    DeadLetterGroups planned() {
        return planned;
    }

    Map<SkipReason, Map<String, Long>> skipped() {
        return skipped;
    }

    long scanned() {
        return scanned;
    }

    long notMatching() {
        return notMatching;
    }

    private void skip(SkipReason reason, String code) {
        skipped.computeIfAbsent(reason, r -> new TreeMap<>()).merge(code, 1L, Long::sum);
    }
}
