package io.trtcstop.worker.trtc;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body handler that collects the bytes but gives up past a size limit, so a misbehaving
 * server or proxy cannot make a worker buffer an unbounded body. (JDK 25 has
 * {@code BodyHandlers.limiting}; we target 21.)
 */
final class BoundedBody {

    /** Real answers are a few hundred bytes; error pages of proxies a few kilobytes. */
    static final int DEFAULT_LIMIT_BYTES = 1 << 20;

    private BoundedBody() {
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limitBytes) {
        return responseInfo -> new LimitedSubscriber(HttpResponse.BodySubscribers.ofByteArray(), limitBytes);
    }

    /** The body was cut off at the limit. */
    static final class TooLargeException extends IOException {
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
