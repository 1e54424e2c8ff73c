package io.trtcstop.worker.replay;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.TreeMap;

/** Dead letters counted by {@code dlq.error.kind} and {@code dlq.error.code}, with the oldest, newest and a sample. */
public final class DeadLetterGroups {

    public record Key(String kind, String code) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind).thenComparing(Key::code);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** One kind and code: how many, how many the ledger already has, when, and the first one as a sample. */
    public static final class Group {
        private final Key key;
        private long count;
        private long alreadyReplayed;
        private Instant oldest;
        private Instant newest;
        private DeadLetter sample;

        private Group(Key key) {
            this.key = key;
        }

        public Key key() {
            return key;
        }

        public long count() {
            return count;
        }

        public long alreadyReplayed() {
            return alreadyReplayed;
        }

        public Instant oldest() {
            return oldest;
        }

        public Instant newest() {
            return newest;
        }

        public DeadLetter sample() {
            return sample;
        }
    }

    private final TreeMap<Key, Group> groups = new TreeMap<>();
    private long total;
    private Instant oldest;
    private Instant newest;

    public void add(DeadLetter d, boolean alreadyReplayed) {
        add(new Key(d.kind(), d.code()), d.time(), alreadyReplayed, d);
    }

    /** Counts one dead letter of a group; {@code sample} is kept if the group has none yet. */
    void add(Key key, Instant time, boolean alreadyReplayed, DeadLetter sample) {
        Group g = groups.computeIfAbsent(key, Group::new);
        g.count++;
        if (alreadyReplayed) {
            g.alreadyReplayed++;
        }
        if (g.sample == null) {
            g.sample = sample;
        }
        g.oldest = earlier(g.oldest, time);
        g.newest = later(g.newest, time);
        total++;
        oldest = earlier(oldest, time);
        newest = later(newest, time);
    }

    public Collection<Group> groups() {
        return groups.values();
    }

    public long total() {
        return total;
    }

    public Instant oldest() {
        return oldest;
    }

    public Instant newest() {
        return newest;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
