package io.trtcstop.worker.trtc;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP exchanges bounded in time and size, for every call the worker makes to a server it does not control (the
 * TRTC API, STS, the instance metadata): a response body handler that collects the bytes but gives up past a size
 * limit, so a misbehaving server or proxy cannot make a worker buffer an unbounded body (JDK 25 has
 * {@code BodyHandlers.limiting}; we target 21), and {@link #send} with one deadline for headers and body.
 */
public final class BoundedBody {

    /** Real answers are a few hundred bytes; error pages of proxies a few kilobytes. */
    static final int DEFAULT_LIMIT_BYTES = 1 << 20;
    /** Past this a deadline is as good as none; {@link Duration#toNanos()} would overflow at 292 years. */
    private static final Duration LONGEST_DEADLINE = Duration.ofDays(365);

    private BoundedBody() {
    }

    /**
     * Sends {@code request} and waits for the whole answer, headers and body, at most {@code deadline}
     * ({@code HttpRequest.timeout} bounds the headers only: a peer that trickles the body would hold the caller
     * for as long as it likes). On the deadline or an interrupt the exchange is cancelled, which closes its
     * HTTP/1.1 connection, and the exception is rethrown.
     *
     * @throws ExecutionException whose cause is the client's failure, or a {@link TooLargeException} past
     *                            {@code limitBytes}
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, int limitBytes, Duration deadline)
            throws TimeoutException, InterruptedException, ExecutionException {
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, handler(limitBytes));
        long nanos = deadline.compareTo(LONGEST_DEADLINE) > 0 ? LONGEST_DEADLINE.toNanos() : deadline.toNanos();
        try {
            return response.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limitBytes) {
        return responseInfo -> new LimitedSubscriber(HttpResponse.BodySubscribers.ofByteArray(), limitBytes);
    }

    /** The body was cut off at the limit. */
    public static final class TooLargeException extends IOException {
        TooLargeException(int limitBytes) {
            super("response body larger than " + limitBytes + " bytes");
        }
    }

    private static final class LimitedSubscriber implements BodySubscriber<byte[]> {
        private final BodySubscriber<byte[]> delegate;
        private final int limitBytes;
        private Flow.Subscription subscription;
        private long received;
        private boolean done;

        LimitedSubscriber(BodySubscriber<byte[]> delegate, int limitBytes) {
            this.delegate = delegate;
            this.limitBytes = limitBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return delegate.getBody();
        }

        // Reactive-streams signals to one subscriber are serialized, so plain fields suffice.
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (done) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > limitBytes) {
                done = true;
                subscription.cancel();
                delegate.onError(new TooLargeException(limitBytes));
                return;
            }
            delegate.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!done) {
                done = true;
                delegate.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                delegate.onComplete();
            }
        }
    }
}
