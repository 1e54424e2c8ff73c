package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import io.trtcstop.worker.trtc.CredentialsProvider;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a {@link CredentialSource}, kept fresh off the call path: {@link #current()} only reads what the
 * last fetch got; a background thread fetches again when the {@link RefreshSchedule} says so, and keeps the
 * current keys (until they expire) when a fetch fails.
 *
 * <p>{@link #refresh()} is the caller's "these were just rejected" (after {@code AuthFailure.TokenFailure} and the
 * like): it fetches at once and returns when done. Many calls fail together when keys are revoked, so requests
 * are coalesced: a caller returns without a fetch of its own when a fetch started after it asked.
 */
public final class RefreshingCredentials implements CredentialsProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RefreshingCredentials.class);
    static final Duration TICK = Duration.ofMillis(500);

    private record State(IssuedCredentials issued, Instant nextFetch, int failures, String lastProblem) {
    }

    private final CredentialSource source;
    private final Clock clock;
    private final RefreshSchedule schedule;
    private final ReentrantLock fetching = new ReentrantLock(); // not synchronized: callers are virtual threads
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refreshFailures = new AtomicLong();
    private long servedRequests; // guarded by fetching
    private volatile State state;
    private volatile Thread ticker;

    /**
     * Fetches the first credentials now (so a worker without credentials fails at start, with the reason).
     *
     * @throws CredentialsUnavailableException when that first fetch fails
     */
    RefreshingCredentials(CredentialSource source, Clock clock, RefreshSchedule schedule) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        Instant now = clock.instant();
        IssuedCredentials first = source.fetch();
        this.state = new State(first, schedule.next(now, first), 0, null);
    }

    /**
     * Starts the background refresher, a daemon thread: it never keeps the JVM alive, and it holds this provider
     * only weakly, so it ends by itself once nothing uses the provider any more (or at {@link #close()}).
     */
    RefreshingCredentials startRefresher() {
        WeakReference<RefreshingCredentials> provider = new WeakReference<>(this);
        Thread thread = Thread.ofPlatform().daemon().name("credentials-refresh").unstarted(() -> refreshLoop(provider));
        ticker = thread;
        thread.start();
        return this;
    }

    @Override
    public long refreshFailures() {
        return refreshFailures.get();
    }

    @Override
    public Credentials current() {
        State now = state;
        if (now.issued().expiredAt(clock.instant())) {
            throw new CredentialsUnavailableException("the temporary credentials from " + source.describe()
                    + " expired at " + now.issued().expiresAt() + " and could not be renewed"
                    + (now.lastProblem() == null ? "" : ": " + now.lastProblem()));
        }
        return now.issued().credentials();
    }

    /** What the last successful fetch got: SecretId (masked) and expiry, for logs and the start-up line. */
    public IssuedCredentials issued() {
        return state.issued();
    }

    @Override
    public void refresh() {
        long request = requests.incrementAndGet();
        fetching.lock();
        try {
            if (servedRequests >= request) {
                return; // a fetch that started after this request has finished
            }
            fetchLocked("on request (the API rejected a call)");
        } finally {
            fetching.unlock();
        }
    }

    /** Fetches when the schedule says so; the refresher calls it every {@link #TICK}. */
    void refreshIfDue() {
        if (clock.instant().isBefore(state.nextFetch())) {
            return;
        }
        fetching.lock();
        try {
            if (!clock.instant().isBefore(state.nextFetch())) {
                fetchLocked("as scheduled");
            }
        } finally {
            fetching.unlock();
        }
    }

    private void fetchLocked(String why) {
        servedRequests = requests.get();
        State before = state;
        Instant now = clock.instant();
        try {
            IssuedCredentials fetched = source.fetch();
            state = new State(fetched, schedule.next(clock.instant(), fetched), 0, null);
            if (!fetched.credentials().equals(before.issued().credentials())) {
                log.info("credentials renewed {} from {}: {}", why, source.describe(), fetched.summary());
            } else if (before.failures() > 0) {
                log.info("credentials from {} are readable again", source.describe());
            }
        } catch (RuntimeException e) {
            refreshFailures.incrementAndGet();
            int failures = before.failures() + 1;
            String problem = e instanceof CredentialsUnavailableException ? e.getMessage() : e.getClass().getSimpleName();
            state = new State(before.issued(), schedule.retry(now, failures), failures, problem);
            log.warn("credentials: fetching {} failed ({} in a row): {}; still using {}", why, failures, problem,
                    before.issued().summary());
        }
    }

    private static void refreshLoop(WeakReference<RefreshingCredentials> reference) {
        try {
            do {
                Thread.sleep(TICK);
            } while (tick(reference));
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** One tick in a frame of its own, so no strong reference outlives it while the loop sleeps. */
    private static boolean tick(WeakReference<RefreshingCredentials> reference) {
        RefreshingCredentials provider = reference.get();
        if (provider == null || provider.ticker != Thread.currentThread()) {
            return false;
        }
        try {
            provider.refreshIfDue();
        } catch (RuntimeException e) {
            log.warn("credentials refresher: unexpected {}", e.getClass().getSimpleName());
        }
        return true;
    }

    @Override
    public void close() {
        Thread thread = ticker;
        ticker = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public String toString() {
        return source.describe() + " (" + state.issued().summary() + ")";
    }
}
