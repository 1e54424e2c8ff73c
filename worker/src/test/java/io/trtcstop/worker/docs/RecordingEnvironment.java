package io.trtcstop.worker.docs;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An environment map that notes every variable a configuration reader asks for, and whether it looked at all
 * of them (as a reader of prefixed variables such as {@code KAFKA_CLIENT_*} does). So the documentation check
 * learns the variables from the code itself instead of from a list kept by hand.
 */
public final class RecordingEnvironment extends AbstractMap<String, String> {

    private final Map<String, String> values;
    private final Set<String> asked = new TreeSet<>();
    private boolean scanned;

    public RecordingEnvironment(Map<String, String> values) {
        this.values = new HashMap<>(values);
    }

    @Override
    public String get(Object key) {
        asked.add((String) key);
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        asked.add((String) key);
        return values.containsKey(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        scanned = true;
        return values.entrySet();
    }

    /** The names the reader asked for by name. */
    public Set<String> asked() {
        return asked;
    }

    /** Whether the reader went through every variable (it reads some by prefix). */
    public boolean scanned() {
        return scanned;
    }
}
