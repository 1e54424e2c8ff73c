package io.trtcstop.emulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The faults the emulator injects, changeable while it runs (all methods are thread-safe).
 *
 * <p>Faults only touch calls that passed every check of the real API (signature, action, version, region, rate
 * limit, parameters), so a bad request always gets its real error. Latency applies to every API call, before the
 * rate limit counts it (the network, on the way in); an {@linkplain #answerDelay answer delay} after (a slow
 * backend behind a gateway that counts calls as they arrive).
 * Random faults are mutually exclusive per call: their probabilities add up to at most 1. A script for a TaskId
 * takes precedence over random faults for that task's stop calls.
 */
public final class FaultPlan {

    private final RandomSource random;
    private final AtomicReference<FaultSettings> settings;
    private final ConcurrentHashMap<String, StopScript> scripts = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> answerDelay = new AtomicReference<>(Duration.ZERO);

    FaultPlan(RandomSource random, FaultSettings initial) {
        this.random = random;
        this.settings = new AtomicReference<>(initial);
    }

    /** Every API call is answered after {@code fixed} plus a uniformly random extra in [0, randomExtra]. */
    public FaultPlan latency(Duration fixed, Duration randomExtra) {
        return update(s -> s.withLatency(fixed, randomExtra));
    }

    /**
     * Every API call is answered this much later than its answer is decided, after the rate limit counted it at
     * arrival: a slow API, as opposed to {@link #latency}, which delays the arrival itself.
     */
    public FaultPlan answerDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the answer delay must not be negative: " + delay);
        }
        answerDelay.set(delay);
        return this;
    }

    Duration answerDelay() {
        return answerDelay.get();
    }

    /** The share of calls answered with this API error code (HTTP 200); 0 removes it. */
    public FaultPlan errorProbability(String code, double probability) {
        return update(s -> s.withErrorProbability(code, probability));
    }

    /** The share of calls answered with HTTP 500, 502, 503 or 504 and a non-API body. */
    public FaultPlan http5xxProbability(double probability) {
        return update(s -> s.withHttp5xxProbability(probability));
    }

    /** The share of calls whose connection is closed without an answer. */
    public FaultPlan dropConnectionProbability(double probability) {
        return update(s -> s.withDropConnectionProbability(probability));
    }

    /** The share of calls that get no answer for the emulator's hang duration (then the connection closes). */
    public FaultPlan hangProbability(double probability) {
        return update(s -> s.withHangProbability(probability));
    }

    /** The share of calls answered HTTP 200 with a body that is not in the API's response shape. */
    public FaultPlan malformedBodyProbability(double probability) {
        return update(s -> s.withMalformedBodyProbability(probability));
    }

    /**
     * The next stop calls for this TaskId are answered with these, one per call, in order; later calls behave
     * normally. Each answer is an API error code (e.g. {@code InternalError}) or one of {@code HTTP_503} (any
     * 4xx/5xx status), {@code DROP}, {@code HANG}, {@code MALFORMED}, {@code STOP_THEN_DROP} (the task stops but
     * the answer is lost) and {@code OK} (normal behaviour). Replaces any earlier script for this TaskId.
     */
    public FaultPlan scriptStopAnswers(String taskId, String... answers) {
        Objects.requireNonNull(taskId, "taskId");
        return script(taskId, StopScript.of(Arrays.asList(answers), null));
    }

    /** Every later stop call for this TaskId is answered with this (same tokens as {@link #scriptStopAnswers}). */
    public FaultPlan scriptStopAnswersForever(String taskId, String answer) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(answer, "answer");
        return script(taskId, StopScript.of(List.of(), answer));
    }

    /** Stop calls for this TaskId behave normally again. */
    public FaultPlan clearStopScript(String taskId) {
        scripts.remove(taskId);
        return this;
    }

    /** No latency, no answer delay, no random faults, no scripts. */
    public FaultPlan clear() {
        settings.set(FaultSettings.NONE);
        answerDelay.set(Duration.ZERO);
        scripts.clear();
        return this;
    }

    FaultSettings settings() {
        return settings.get();
    }

    /** Replaces the whole plan at once (the admin API's PUT). */
    void replace(FaultSettings newSettings, Map<String, StopScript> newScripts) {
        settings.set(newSettings);
        scripts.clear();
        scripts.putAll(newScripts);
    }

    FaultPlan script(String taskId, StopScript script) {
        if (script.answers().isEmpty() && script.forever().isEmpty()) {
            scripts.remove(taskId);
        } else {
            scripts.put(taskId, script);
        }
        return this;
    }

    /** The scripts still pending, by TaskId. */
    Map<String, StopScript> scripts() {
        return new TreeMap<>(scripts);
    }

    Duration drawLatency() {
        FaultSettings current = settings.get();
        long extraMillis = random.nextLongInclusive(current.latencyJitter().toMillis());
        return current.latency().plusMillis(extraMillis);
    }

    /**
     * The fault for one call that passed all checks.
     *
     * @param stopTaskId the TaskId when this is a stop call (its script, if any, decides), else null
     */
    InjectedFault draw(String stopTaskId) {
        if (stopTaskId != null) {
            InjectedFault[] scripted = new InjectedFault[1];
            scripts.computeIfPresent(stopTaskId, (id, script) -> {
                scripted[0] = script.next();
                return script.afterOneCall().orElse(null);
            });
            if (scripted[0] != null) {
                return scripted[0];
            }
        }
        FaultSettings current = settings.get();
        return current.injectsFaults() ? current.pick(random.nextDouble()) : new InjectedFault.None();
    }

    private FaultPlan update(UnaryOperator<FaultSettings> change) {
        settings.updateAndGet(change);
        return this;
    }
}
