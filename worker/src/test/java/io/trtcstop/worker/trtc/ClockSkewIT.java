package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.trtcstop.emulator.TrtcEmulator;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A host clock 10 minutes off: the first call is SignatureExpire, the skew is measured, the retry is signed right. */
class ClockSkewIT {

    private static final String SECRET_ID = "AKIDclockSkewItSecretId";
    private static final String SECRET_KEY = "clock-skew-it-secret-key";
    private static final long SDK_APP_ID = 1_400_000_000L;

    @AutoClose
    private final TrtcEmulator emulator = TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY)
            .rateLimitPerSecond(0).build().start();

    @Test
    void aSkewedHostIsDetectedReportedOnceAndCorrected() {
        TrtcClientConfig config = TrtcClientConfig.defaults().withEndpoint(emulator.endpoint());
        TrtcClient behind = new TrtcClient(config, CredentialsProvider.fixed(Credentials.of(SECRET_ID, SECRET_KEY)),
                TrtcClient.defaultHttpClient(config), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ClockSkew.class);
        logger.addAppender(logged);
        logged.start();
        try {
            String taskId = emulator.createTask(SDK_APP_ID, "room-skew");

            DeleteResult first = behind.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU);
            assertThat(first).isInstanceOfSatisfying(DeleteResult.Failed.class,
                    failed -> assertThat(failed.code()).isEqualTo("AuthFailure.SignatureExpire"));
            // The Date header has 1-second resolution and the answer takes a moment: generous bounds.
            assertThat(behind.clockSkew().seconds()).isBetween(590.0, 610.0);

            assertThat(behind.deleteCloudTranscription(SDK_APP_ID, taskId, Region.AP_GUANGZHOU))
                    .as("the retry, signed with the API's time").isInstanceOf(DeleteResult.Stopped.class);
            String other = emulator.createTask(SDK_APP_ID, "room-skew-2");
            assertThat(behind.deleteCloudTranscription(SDK_APP_ID, other, Region.AP_GUANGZHOU))
                    .isInstanceOf(DeleteResult.Stopped.class);

            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("CLOCK SKEW", "behind the API's", "AuthFailure.SignatureExpire", "NTP"));
        } finally {
            logger.detachAppender(logged);
        }
    }
}
