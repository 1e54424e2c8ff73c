package io.trtcstop.worker.trtc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The worker's own failure codes for calls that got no usable answer from the API; all retryable. */
final class TransportFailure {

    static final String TIMEOUT = "Transport.Timeout";
    static final String CONNECT = "Transport.Connect";
    static final String IO = "Transport.Io";
    static final String INTERRUPTED = "Transport.Interrupted";

    private TransportFailure() {
    }

    static DeleteResult.Failed timeout(URI uri, Duration requestTimeout) {
        return failed(TIMEOUT, "no complete response from " + uri + " within " + requestTimeout.toMillis() + " ms");
    }

    static DeleteResult.Failed interrupted(URI uri) {
        return failed(INTERRUPTED, "interrupted while calling " + uri
                + "; the API may or may not have received the request");
    }

    /** Classifies what the HTTP client failed with. */
    static DeleteResult.Failed of(Throwable thrown, URI uri, TrtcClientConfig config, Credentials credentials) {
        Throwable cause = unwrap(thrown);
        String detail = ServerText.excerpt(describe(cause), ServerText.MESSAGE_CHARS, credentials);
        if (cause instanceof HttpConnectTimeoutException) {
            return failed(CONNECT, "no connection to " + uri + " within " + config.connectTimeout().toMillis() + " ms");
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(uri, config.requestTimeout());
        }
        if (cause instanceof ConnectException) {
            return failed(CONNECT, "cannot connect to " + uri + ": " + detail);
        }
        if (cause instanceof BoundedBody.TooLargeException) {
            return failed(DeleteResponseParser.MALFORMED_RESPONSE, "from " + uri + ": " + detail);
        }
        if (cause instanceof IOException) {
            return failed(IO, "I/O failure talking to " + uri + ": " + detail);
        }
        // Not expected from java.net.http; still an unanswered call, not a reason to crash the caller.
        return failed(IO, "unexpected failure talking to " + uri + ": " + detail);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // java.net.http sometimes wraps the interesting exception (e.g. a ConnectException) in a plain IOException.
        Throwable inner = cause;
        while (inner.getClass() == IOException.class && inner.getCause() != null) {
            inner = inner.getCause();
        }
        return inner instanceof IOException ? inner : cause;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String name = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private static DeleteResult.Failed failed(String code, String message) {
        return new DeleteResult.Failed(code, message, null, ErrorClassifier.classify(code));
    }
}
