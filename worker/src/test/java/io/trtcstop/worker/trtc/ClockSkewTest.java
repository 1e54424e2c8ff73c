package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockSkewTest {

    private static final Instant HOST = Instant.parse("2026-01-01T12:00:00Z");
    private final ClockSkew skew = new ClockSkew();

    @Test
    void signsWithHostTimeUntilASkewIsMeasured() {
        assertThat(skew.signingTime(HOST)).isEqualTo(HOST);
        assertThat(skew.seconds()).isZero();
    }

    @Test
    void aMeasuredSkewCorrectsTheSigningTime() {
        skew.observe(HOST.plusSeconds(612), HOST, "AuthFailure.SignatureExpire");
        assertThat(skew.skew()).isEqualTo(Duration.ofSeconds(612));
        assertThat(skew.seconds()).isEqualTo(612.0);
        assertThat(skew.signingTime(HOST.plusSeconds(5))).isEqualTo(HOST.plusSeconds(617));

        skew.observe(HOST.minusSeconds(400), HOST, "FailedOperation.RequestOutdated");
        assertThat(skew.signingTime(HOST)).as("a host clock ahead").isEqualTo(HOST.minusSeconds(400));
    }

    @Test
    void aSmallMeasurementEndsTheCorrection() {
        skew.observe(HOST.plusSeconds(612), HOST, "AuthFailure.SignatureExpire");
        skew.observe(HOST.plusSeconds(2), HOST, "AuthFailure.SignatureExpire");
        assertThat(skew.skew()).isZero();
        assertThat(skew.signingTime(HOST)).isEqualTo(HOST);
    }

    @Test
    void anImplausibleDateIsIgnored() {
        skew.observe(HOST.plus(Duration.ofDays(30)), HOST, "AuthFailure.SignatureExpire");
        assertThat(skew.skew()).isZero();
    }

    @Test
    void readsHttpDates() {
        assertThat(ClockSkew.parseHttpDate("Thu, 01 Jan 2026 12:10:12 GMT")).contains(HOST.plusSeconds(612));
        assertThat(ClockSkew.parseHttpDate("yesterday")).isEmpty();
    }
}
