package io.trtcstop.worker.trtc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far this host's clock is from the API's, measured from the {@code Date} header of answers that say the
 * request's timestamp was off ({@code AuthFailure.SignatureExpire}, {@code FailedOperation.RequestOutdated}).
 * Once a skew of {@link #CORRECTION_THRESHOLD} or more is measured, requests are signed with the API's time
 * (host time plus the skew), so the worker keeps working while someone fixes the host's time; the next such
 * answer measures again, so a host clock that is fixed later ends the correction by itself.
 *
 * <p>Measured only from those answers, never from every answer: a healthy host never shifts its timestamps.
 * {@link #seconds()} is meant for a gauge. Thread-safe.
 */
public final class ClockSkew {

    private static final Logger log = LoggerFactory.getLogger(ClockSkew.class);

    /**
     * The API allows 5 minutes; a {@code Date} header has 1-second resolution and the answer took some time to
     * arrive, so a measurement below this is noise, not a reason to shift timestamps.
     */
    public static final Duration CORRECTION_THRESHOLD = Duration.ofSeconds(30);
    /** A Date header further off than this is not believed (a broken proxy, not a clock). */
    static final Duration MAX_PLAUSIBLE = Duration.ofDays(2);

    private volatile Duration skew = Duration.ZERO;
    private volatile boolean reported;

    /** API time minus host time; zero until an answer showed a skew. */
    public Duration skew() {
        return skew;
    }

    /** {@link #skew()} in seconds, positive when the host clock is behind; for a gauge. */
    public double seconds() {
        return skew.toMillis() / 1000.0;
    }

    /** The time to sign with: the host's, corrected once a significant skew was measured. */
    Instant signingTime(Instant hostNow) {
        Duration current = skew;
        return current.abs().compareTo(CORRECTION_THRESHOLD) >= 0 ? hostNow.plus(current) : hostNow;
    }

    /**
     * Records the API's time from an answer with a clock error code.
     *
     * @param apiTime  the answer's {@code Date}
     * @param hostTime when the answer arrived, by the host's clock
     */
    void observe(Instant apiTime, Instant hostTime, String code) {
        Duration measured = Duration.between(hostTime, apiTime);
        if (measured.abs().compareTo(MAX_PLAUSIBLE) > 0) {
            log.warn("{}: the answer's Date header ({}) is {} s from this host's clock; not believed, not corrected",
                    code, apiTime, measured.toSeconds());
            return;
        }
        boolean significant = measured.abs().compareTo(CORRECTION_THRESHOLD) >= 0;
        skew = significant ? measured : Duration.ZERO;
        if (significant && !reported) {
            reported = true;
            log.error("CLOCK SKEW: this host's clock is {} s {} the API's (from the Date header of a {} answer);"
                            + " the API rejects requests more than 300 s off. Signing with the API's time from now on."
                            + " Fix the host's time synchronisation (NTP).",
                    measured.abs().toSeconds(), measured.isNegative() ? "ahead of" : "behind", code);
        } else if (!significant && reported) {
            reported = false;
            log.info("clock skew: this host's clock is within {} s of the API's again; signing with host time",
                    CORRECTION_THRESHOLD.toSeconds());
        }
    }

    /** An HTTP {@code Date} header value (RFC 1123), if it is one. */
    static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ClockSkew[" + skew.toSeconds() + " s]";
    }
}
