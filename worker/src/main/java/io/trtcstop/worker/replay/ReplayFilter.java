package io.trtcstop.worker.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters a replay is about. Every option given must match (AND); an option given several times matches
 * any of its values (OR). A code ending in {@code .} or {@code .*} is a prefix ({@code AuthFailure.} matches
 * {@code AuthFailure.SignatureExpire}); otherwise it must equal {@code dlq.error.code}. {@code since} is inclusive,
 * {@code until} exclusive, both compared with the dead letter's record timestamp (when it was dead-lettered).
 */
public record ReplayFilter(List<String> codes, Set<String> kinds, Instant since, Instant until, Long sdkAppId,
                           String taskId) {

    public static final ReplayFilter ALL = new ReplayFilter(List.of(), Set.of(), null, null, null, null);

    public ReplayFilter {
        codes = List.copyOf(codes);
        kinds = Set.copyOf(kinds);
        for (String kind : kinds) {
            if (!ErrorKinds.ALL.contains(kind)) {
                throw new IllegalArgumentException("unknown --kind " + kind + ": use one of " + String.join(", ", ErrorKinds.ALL));
            }
        }
        for (String code : codes) {
            if (code.isBlank() || code.equals(".") || code.equals(".*")) {
                throw new IllegalArgumentException("--code needs an error code or a prefix such as AuthFailure.");
            }
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since " + since + " must be before --until " + until);
        }
        if (taskId != null && taskId.isEmpty()) {
            throw new IllegalArgumentException("--task-id must not be empty");
        }
    }

    public boolean matches(DeadLetter d) {
        if (!kinds.isEmpty() && !kinds.contains(d.kind())) {
            return false;
        }
        if (!codes.isEmpty() && codes.stream().noneMatch(c -> codeMatches(c, d.code()))) {
            return false;
        }
        if (since != null && d.time().isBefore(since)) {
            return false;
        }
        if (until != null && !d.time().isBefore(until)) {
            return false;
        }
        if (sdkAppId != null && !sdkAppId.equals(d.sdkAppId())) {
            return false;
        }
        return taskId == null || taskId.equals(d.taskId());
    }

    static boolean codeMatches(String pattern, String code) {
        if (pattern.endsWith(".*")) {
            return code.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.endsWith(".") ? code.startsWith(pattern) : code.equals(pattern);
    }

    /** The filter as a person would type it, for reports. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        kinds.stream().sorted().forEach(k -> s.append(" --kind ").append(k));
        codes.forEach(c -> s.append(" --code ").append(c));
        if (since != null) {
            s.append(" --since ").append(since);
        }
        if (until != null) {
            s.append(" --until ").append(until);
        }
        if (sdkAppId != null) {
            s.append(" --sdk-app-id ").append(sdkAppId);
        }
        if (taskId != null) {
            s.append(" --task-id ").append(taskId);
        }
        return s.isEmpty() ? "(every dead letter)" : s.substring(1);
    }
}
