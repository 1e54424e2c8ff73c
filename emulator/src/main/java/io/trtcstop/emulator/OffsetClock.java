package io.trtcstop.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The emulator's own time: a base clock plus an offset that can change while it runs, so a test can put the API's
 * clock ahead of or behind the hosts that call it. Decides everything the API decides by time: the rate limit's
 * one-second windows, the per-second counts, signature expiry and temporary keys.
 */
final class OffsetClock extends Clock {

    private final Clock base;
    private volatile Duration offset;

    OffsetClock(Clock base, Duration offset) {
        this.base = Objects.requireNonNull(base, "base");
        this.offset = Objects.requireNonNull(offset, "offset");
    }

    Duration offset() {
        return offset;
    }

    void offset(Duration offset) {
        this.offset = Objects.requireNonNull(offset, "offset");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public long millis() {
        return base.millis() + offset.toMillis();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator's clock has one zone");
    }
}
