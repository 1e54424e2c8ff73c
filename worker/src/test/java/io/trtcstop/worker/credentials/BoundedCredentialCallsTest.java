package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trtcstop.worker.testing.ManualClock;
import io.trtcstop.worker.trtc.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls to the instance metadata (and STS, through the same {@link CredentialsHttp}) are bounded in time and size:
 * a peer that sends the headers and then one body byte every 4 s fails the fetch in about the request timeout, so
 * the refresh lock is held that long at most and commands keep using the current keys until they expire.
 */
class BoundedCredentialCallsTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final Instant START = Instant.parse("2026-12-07T02:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private SlowMetadataServer metadata;

    @BeforeEach
    void start() throws Exception {
        metadata = new SlowMetadataServer();
    }

    @AfterEach
    void stop() throws Exception {
        metadata.close();
    }

    private CvmRole cvmRole() {
        return new CvmRole(new CredentialsHttp(Duration.ofSeconds(1), REQUEST_TIMEOUT), metadata.endpoint(), "role-1");
    }

    @Test
    void aBodyThatTricklesFailsTheFetchInAboutTheRequestTimeout() {
        metadata.mode(SlowMetadataServer.Mode.TRICKLE);
        CvmRole source = cvmRole();
        long started = System.nanoTime();
        CompletableFuture<IssuedCredentials> fetch = CompletableFuture.supplyAsync(source::fetch);

        await().atMost(Duration.ofSeconds(5)).until(fetch::isDone);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("trickling metadata body: the fetch failed after %d ms (request timeout %d ms)%n",
                took.toMillis(), REQUEST_TIMEOUT.toMillis());
        assertThat(fetch).isCompletedExceptionally();
        assertThatThrownBy(fetch::join).hasCauseInstanceOf(CredentialsUnavailableException.class)
                .cause().hasMessageContaining("no complete answer").hasMessageContaining(REQUEST_TIMEOUT.toMillis() + " ms");
        assertThat(took).isBetween(REQUEST_TIMEOUT.minusMillis(50), REQUEST_TIMEOUT.multipliedBy(3));
    }

    @Test
    void aBodyPastTheCapFailsTheFetchWithoutReadingItAll() {
        metadata.mode(SlowMetadataServer.Mode.PADDED);
        assertThatThrownBy(() -> cvmRole().fetch())
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("larger than " + CredentialsHttp.MAX_ANSWER_BYTES + " bytes");
    }

    @Test
    void whileRenewalHangsCommandsKeepGoingOnTheCurrentKeysUntilTheyExpire() {
        Instant expiry = START.plus(Duration.ofMinutes(1));
        metadata.answering(1, expiry);
        RefreshingCredentials provider = new RefreshingCredentials(cvmRole(), clock, new RefreshSchedule(Duration.ofSeconds(10)));
        assertThat(provider.current().secretId()).isEqualTo("AKIDtmp1");

        metadata.mode(SlowMetadataServer.Mode.TRICKLE);
        clock.advance(Duration.ofSeconds(45)); // a third of the life left: renewal is due
        CompletableFuture<Void> scheduled = CompletableFuture.runAsync(provider::refreshIfDue);
        await().atMost(Duration.ofSeconds(5)).until(() -> metadata.requests() >= 2);

        // A command whose call was rejected asks for a refresh while the scheduled one hangs on the body.
        long asked = System.nanoTime();
        CompletableFuture<Void> onRequest = CompletableFuture.runAsync(provider::refresh);
        await().atMost(Duration.ofSeconds(6)).until(() -> scheduled.isDone() && onRequest.isDone());
        System.out.printf("a command's refresh() behind a hung renewal returned after %d ms%n",
                Duration.ofNanos(System.nanoTime() - asked).toMillis());
        Credentials current = provider.current();
        assertThat(current.secretId()).as("the current keys, still valid").isEqualTo("AKIDtmp1");

        clock.advance(Duration.ofSeconds(15)); // past the expiry
        assertThatThrownBy(provider::current).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("expired at " + expiry).hasMessageContaining("no complete answer");
    }
}
