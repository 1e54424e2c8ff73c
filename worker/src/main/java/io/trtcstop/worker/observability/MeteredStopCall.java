package io.trtcstop.worker.observability;

import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.engine.StopCall;
import io.trtcstop.worker.trtc.DeleteResult;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Measures every API call: its answer code and latency, and whether it repeats a failed call for the same
 * command (a retry, tagged with the code that caused it). Wraps the engine's {@link StopCall}, so the engine
 * needs no knowledge of metrics.
 */
public final class MeteredStopCall implements StopCall {

    /** The answer code of a successful stop. */
    public static final String OK = "OK";
    /** The answer code for "already stopped". */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";

    /**
     * The last failed call's command and code, per thread. The engine runs each command's attempts on one
     * (virtual) thread, one after another, so "the previous call on this thread was for the same command and
     * failed" is exactly "this call is a retry".
     */
    private record LastFailure(StopCommand command, String code) {}

    private final StopCall call;
    private final WorkerMetrics metrics;
    private final LongSupplier nanoTime;
    private final ThreadLocal<LastFailure> lastFailure = new ThreadLocal<>();

    public MeteredStopCall(StopCall call, WorkerMetrics metrics, LongSupplier nanoTime) {
        this.call = call;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public DeleteResult stop(StopCommand command) {
        LastFailure previous = lastFailure.get();
        if (previous != null && previous.command() == command) {
            metrics.retry(previous.code());
        }
        long start = nanoTime.getAsLong();
        DeleteResult result = call.stop(command);
        Duration latency = Duration.ofNanos(nanoTime.getAsLong() - start);
        String code = switch (result) {
            case DeleteResult.Stopped s -> OK;
            case DeleteResult.AlreadyStopped a -> RESOURCE_NOT_FOUND;
            case DeleteResult.Failed f -> f.code();
        };
        metrics.apiCall(code, latency);
        if (result instanceof DeleteResult.Failed) {
            lastFailure.set(new LastFailure(command, code));
        } else {
            lastFailure.remove();
        }
        return result;
    }
}
