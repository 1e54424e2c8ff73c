package io.trtcstop.worker.replay;

import io.trtcstop.worker.config.ReplayConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one topic a replay writes commands to: {@code --to}, or else the command topic ({@code STOP_TOPIC}). Never a
 * dead letter's {@code dlq.original.topic}: whoever can write a header could then choose the topic. And never a
 * topic the worker or the tool writes itself (the dead-letter, outcome and ledger topics), where a replayed command
 * would be read as a dead letter, an outcome or a ledger entry.
 */
public final class ReplayTarget {

    private ReplayTarget() {
    }

    /** The topic to write to; a refused {@code --to} is a {@link ReplaySetupException} (exit code 2, nothing written). */
    public static String of(ReplayConfig config, String to) {
        String topic = to != null ? to : config.stopTopic();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(config.deadLetterTopic(), "the dead-letter topic (DLQ_TOPIC)");
        refused.put(config.outcomeTopic(), "the outcome topic (OUTCOME_TOPIC)");
        refused.put(config.ledgerTopic(), "the replay ledger (DLQ_REPLAY_LEDGER_TOPIC)");
        String what = refused.get(topic);
        if (what != null) {
            throw new ReplaySetupException("refusing to replay to " + topic + ": it is " + what
                    + "; replay to the command topic (STOP_TOPIC, " + config.stopTopic() + ") or another command topic");
        }
        return topic;
    }
}
