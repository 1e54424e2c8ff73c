package io.trtcstop.worker.replay;

/** Why a dead letter that matches the filters is not replayed by this run. */
public enum SkipReason {
    ALREADY_REPLAYED("already replayed (the ledger has it)"),
    INVALID_COMMAND("invalid command (cannot succeed; --include-invalid replays it anyway)"),
    MAX_REPLAYS("replayed --max-replays times already (--force replays it anyway)"),
    VALUE_OMITTED("written without its value (dlq.value.omitted): re-publish the original from dlq.original.* by hand"),
    NO_TARGET_TOPIC("no dlq.original.topic header (name the topic with --to)"),
    BEYOND_MAX("beyond --max (run again to replay more)");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
