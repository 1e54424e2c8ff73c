package io.trtcstop.worker.command;

import io.trtcstop.schema.PrintableText;

/** What a command record turned out to be: a command to run, or input to dead-letter with a reason. */
public sealed interface DecodedCommand permits DecodedCommand.Valid, DecodedCommand.Invalid {

    record Valid(StopCommand command) implements DecodedCommand {}

    /**
     * @param code    one of the {@code InvalidCommand.*} codes of the dead-letter contract
     * @param message what is wrong, path-qualified where the schema found it
     */
    record Invalid(String code, String message) implements DecodedCommand {

        /** Bound of {@code message}: it is logged, and copied into the outcome and the dead letter's headers. */
        public static final int MAX_MESSAGE_CHARS = 1000;

        /** The message may quote producer text: it is escaped and bounded here, once, for every sink. */
        public Invalid {
            message = PrintableText.escape(message, MAX_MESSAGE_CHARS);
        }
    }

    static Invalid invalid(String code, String message) {
        return new Invalid(code, message);
    }
}
