package io.trtcstop.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.trtcstop.worker.testing.ManualClock;
import io.trtcstop.worker.trtc.Credentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RefreshingCredentialsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(START);
    private final ScriptedSource source = new ScriptedSource();

    /** Answers what it is told to, in order; the last answer repeats. */
    private static final class ScriptedSource implements CredentialSource {
        final Deque<Supplier<IssuedCredentials>> answers = new ArrayDeque<>();
        final AtomicInteger fetches = new AtomicInteger();

        ScriptedSource then(Supplier<IssuedCredentials> answer) {
            answers.add(answer);
            return this;
        }

        @Override
        public synchronized IssuedCredentials fetch() {
            fetches.incrementAndGet();
            Supplier<IssuedCredentials> next = answers.size() > 1 ? answers.poll() : answers.peek();
            return next.get();
        }

        @Override
        public String describe() {
            return "the test's script";
        }
    }

    private static Credentials keys(int n) {
        return new Credentials("AKIDkey" + n, "secret-" + n, "token-" + n);
    }

    private IssuedCredentials temporary(int n, Duration life) {
        return new IssuedCredentials(keys(n), clock.instant().plus(life));
    }

    private static Supplier<IssuedCredentials> failing() {
        return () -> {
            throw new CredentialsUnavailableException("STS answered HTTP 503");
        };
    }

    private RefreshingCredentials provider() {
        return new RefreshingCredentials(source, clock, new RefreshSchedule(Duration.ofSeconds(10)));
    }

    @Test
    void currentNeverFetchesAndTheScheduleDoes() {
        source.then(() -> temporary(1, Duration.ofSeconds(30))).then(() -> temporary(2, Duration.ofSeconds(30)));
        RefreshingCredentials provider = provider();
        assertThat(source.fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(19));
        provider.refreshIfDue();
        assertThat(provider.current()).isEqualTo(keys(1));
        assertThat(source.fetches).as("not due before a third of the life is left").hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        provider.refreshIfDue();
        assertThat(source.fetches).hasValue(2);
        assertThat(provider.current()).isEqualTo(keys(2));
    }

    @Test
    void aFailedRenewalKeepsTheCurrentKeysUntilTheyExpireThenCallsFailWithTheReason() {
        source.then(() -> temporary(1, Duration.ofSeconds(30))).then(failing());
        RefreshingCredentials provider = provider();

        clock.advance(Duration.ofSeconds(20));
        provider.refreshIfDue();
        assertThat(provider.current()).isEqualTo(keys(1));
        clock.advance(Duration.ofSeconds(1));
        provider.refreshIfDue();
        assertThat(source.fetches).hasValue(3);
        assertThat(provider.refreshFailures()).as("the metric's count: both renewals after the first fetch failed")
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(9));
        assertThatThrownBy(provider::current)
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("expired at " + START.plusSeconds(30))
                .hasMessageContaining("STS answered HTTP 503")
                .hasMessageNotContaining("secret-1").hasMessageNotContaining("token-1");
    }

    @Test
    void aRecoveredSourceServesAgain() {
        source.then(() -> temporary(1, Duration.ofSeconds(3))).then(failing()).then(() -> temporary(2, Duration.ofHours(1)));
        RefreshingCredentials provider = provider();
        clock.advance(Duration.ofSeconds(5));
        provider.refreshIfDue();
        assertThatThrownBy(provider::current).isInstanceOf(CredentialsUnavailableException.class);

        clock.advance(Duration.ofSeconds(1));
        provider.refreshIfDue();
        assertThat(provider.current()).isEqualTo(keys(2));
    }

    @Test
    void refreshFetchesAtOnceEvenWhenNothingIsDue() {
        source.then(() -> IssuedCredentials.permanent(keys(1))).then(() -> IssuedCredentials.permanent(keys(2)));
        RefreshingCredentials provider = provider();

        provider.refresh();

        assertThat(source.fetches).hasValue(2);
        assertThat(provider.current()).isEqualTo(keys(2));
        provider.refresh();
        assertThat(source.fetches).as("each later request fetches again").hasValue(3);
    }

    @Test
    void refreshNeverThrows() {
        source.then(() -> IssuedCredentials.permanent(keys(1))).then(failing());
        RefreshingCredentials provider = provider();

        provider.refresh();

        assertThat(provider.current()).isEqualTo(keys(1));
    }

    @Test
    void concurrentRefreshRequestsShareFetches() throws Exception {
        CountDownLatch inFetch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        source.then(() -> IssuedCredentials.permanent(keys(1)))
                .then(() -> {
                    inFetch.countDown();
                    awaitQuietly(release);
                    return IssuedCredentials.permanent(keys(2));
                })
                .then(() -> IssuedCredentials.permanent(keys(3)));
        RefreshingCredentials provider = provider();

        Thread first = Thread.ofVirtual().start(provider::refresh);
        inFetch.await();
        Thread[] waiting = new Thread[8];
        for (int i = 0; i < waiting.length; i++) {
            waiting[i] = Thread.ofVirtual().start(provider::refresh);
        }
        await().until(() -> java.util.Arrays.stream(waiting).allMatch(t -> t.getState() == Thread.State.WAITING));
        release.countDown();
        first.join();
        for (Thread t : waiting) {
            t.join();
        }

        assertThat(source.fetches).as("the first fetch, then one for all who asked during it").hasValue(3);
        assertThat(provider.current()).isEqualTo(keys(3));
    }

    @Test
    void theFirstFetchFailingFailsTheStart() {
        source.then(failing());
        assertThatThrownBy(this::provider).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessage("STS answered HTTP 503");
    }

    @Test
    void theBackgroundRefresherRenewsWithoutAnyCall() {
        source.then(() -> temporary(1, Duration.ofSeconds(30))).then(() -> temporary(2, Duration.ofSeconds(30)));
        try (RefreshingCredentials provider = provider().startRefresher()) {
            clock.advance(Duration.ofSeconds(25));
            await().untilAsserted(() -> assertThat(provider.current()).isEqualTo(keys(2)));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
