package io.trtcstop.worker.command;

/** What a command record turned out to be: a command to run, or input to dead-letter with a reason. */
public sealed interface DecodedCommand permits DecodedCommand.Valid, DecodedCommand.Invalid {

    record Valid(StopCommand command) implements DecodedCommand {}

    /**
     * @param code    one of the {@code InvalidCommand.*} codes of the dead-letter contract
     * @param message what is wrong, path-qualified where the schema found it
     */
    record Invalid(String code, String message) implements DecodedCommand {}

    static Invalid invalid(String code, String message) {
        return new Invalid(code, message);
    }
}
