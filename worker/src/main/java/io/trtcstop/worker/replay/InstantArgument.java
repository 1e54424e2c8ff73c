package io.trtcstop.worker.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 times as operators type them for {@code --since} and {@code --until}: an instant
 * ({@code 2026-01-31T08:00:00Z}), a time with an offset ({@code 2026-01-31T16:00+08:00}), or without one, or a
 * date ({@code 2026-01-31}); times without an offset are UTC, so a command means the same on every machine.
 */
public final class InstantArgument {

    private InstantArgument() {
    }

    public static Instant parse(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time: use e.g. 2026-01-31T08:00:00Z,"
                    + " 2026-01-31T16:00+08:00 or 2026-01-31 (UTC)");
        }
    }
}
