package io.trtcstop.emulator;

import java.util.List;
import java.util.Optional;

/**
 * How the next stop calls for one TaskId are answered: {@code answers} in order, one per call, then
 * {@code forever} for every later call (or normal behaviour when there is none).
 */
record StopScript(List<InjectedFault> answers, Optional<InjectedFault> forever) {

    StopScript {
        answers = List.copyOf(answers);
    }

    static StopScript of(List<String> answerTokens, String foreverToken) {
        return new StopScript(answerTokens.stream().map(InjectedFault::parse).toList(),
                Optional.ofNullable(foreverToken).map(InjectedFault::parse));
    }

    InjectedFault next() {
        return answers.isEmpty() ? forever.orElseGet(InjectedFault.None::new) : answers.getFirst();
    }

    /** The script after one call, or empty once nothing is left to answer differently. */
    Optional<StopScript> afterOneCall() {
        if (answers.isEmpty()) {
            return forever.map(f -> this);
        }
        StopScript rest = new StopScript(answers.subList(1, answers.size()), forever);
        return rest.answers.isEmpty() && rest.forever.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    List<String> answerTokens() {
        return answers.stream().map(InjectedFault::token).toList();
    }

    Optional<String> foreverToken() {
        return forever.map(InjectedFault::token);
    }
}
