package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trtcstop.worker.trtc.Credentials;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Credentials KEYS = new Credentials("AKIDtemp", "secret", "token");
    private final RefreshSchedule schedule = new RefreshSchedule(Duration.ofSeconds(10));

    private static IssuedCredentials expiringIn(Duration life) {
        return new IssuedCredentials(KEYS, NOW.plus(life));
    }

    @Test
    void keysThatDoNotExpireAreReReadEveryPollInterval() {
        assertThat(schedule.next(NOW, IssuedCredentials.permanent(KEYS))).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void longLivedTemporaryKeysAreRenewedTenMinutesBeforeExpiry() {
        assertThat(schedule.next(NOW, expiringIn(Duration.ofHours(2)))).isEqualTo(NOW.plus(Duration.ofMinutes(110)));
    }

    @Test
    void shortLivedTemporaryKeysAreRenewedWithAThirdOfTheirLifeLeft() {
        assertThat(schedule.next(NOW, expiringIn(Duration.ofSeconds(30)))).isEqualTo(NOW.plusSeconds(20));
        assertThat(schedule.next(NOW, expiringIn(Duration.ofMinutes(15)))).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void keysAboutToExpireOrExpiredAreRetriedAfterASecond() {
        assertThat(schedule.next(NOW, expiringIn(Duration.ofSeconds(2)))).isEqualTo(NOW.plusSeconds(1));
        assertThat(schedule.next(NOW, expiringIn(Duration.ofSeconds(-5)))).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void failedFetchesAreRetriedWithAGrowingDelayUpToThirtySeconds() {
        assertThat(schedule.retry(NOW, 1)).isEqualTo(NOW.plusSeconds(1));
        assertThat(schedule.retry(NOW, 2)).isEqualTo(NOW.plusSeconds(2));
        assertThat(schedule.retry(NOW, 3)).isEqualTo(NOW.plusSeconds(4));
        assertThat(schedule.retry(NOW, 5)).isEqualTo(NOW.plusSeconds(16));
        assertThat(schedule.retry(NOW, 6)).isEqualTo(NOW.plusSeconds(30));
        assertThat(schedule.retry(NOW, 1000)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void thePollIntervalMustBePositive() {
        assertThatThrownBy(() -> new RefreshSchedule(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
