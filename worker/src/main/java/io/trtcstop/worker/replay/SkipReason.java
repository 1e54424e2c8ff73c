package io.trtcstop.worker.replay;

/** Why a dead letter that matches the filters is not replayed by this run. */
public enum SkipReason {
    ALREADY_REPLAYED("already replayed (the ledger has it)"),
    INVALID_COMMAND("invalid command (cannot succeed; --include-invalid replays it anyway)"),
    MAX_REPLAYS("replayed --max-replays times already (--force replays it anyway)"),
    VALUE_OMITTED("written without its value (dlq.value.omitted): re-publish the original from dlq.original.* by hand"),
    SUSPECT_REPLAY_COUNT("dlq.replay.count is not a count the tools wrote (not digits, or above 1000): forged? "
            + "--force replays it as a first replay"),
    BEYOND_MAX("beyond --max (run again to replay more)");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
