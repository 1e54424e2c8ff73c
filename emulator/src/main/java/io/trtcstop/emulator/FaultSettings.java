package io.trtcstop.emulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The random part of the fault plan, immutable so that each request sees one consistent version.
 * The probabilities are mutually exclusive per request (one draw picks at most one fault), so they must add up
 * to at most 1; each is then exactly the share of calls that get that fault.
 */
record FaultSettings(Duration latency, Duration latencyJitter, Map<String, Double> errorProbabilities,
                     double http5xxProbability, double dropConnectionProbability, double hangProbability,
                     double malformedBodyProbability) {

    static final FaultSettings NONE = new FaultSettings(Duration.ZERO, Duration.ZERO, Map.of(), 0, 0, 0, 0);

    /** Statuses an HTTP 5xx fault picks from, evenly. */
    static final int[] GATEWAY_STATUSES = {500, 502, 503, 504};

    FaultSettings {
        requireNonNegative(latency, "latency");
        requireNonNegative(latencyJitter, "latency jitter");
        Map<String, Double> errors = new LinkedHashMap<>();
        errorProbabilities.forEach((code, p) -> {
            InjectedFault.requireErrorCode(code);
            if (requireProbability(p, "the probability of " + code) > 0) {
                errors.put(code, p);
            }
        });
        errorProbabilities = Collections.unmodifiableMap(errors);
        requireProbability(http5xxProbability, "the HTTP 5xx probability");
        requireProbability(dropConnectionProbability, "the drop-connection probability");
        requireProbability(hangProbability, "the hang probability");
        requireProbability(malformedBodyProbability, "the malformed-body probability");
        double total = http5xxProbability + dropConnectionProbability + hangProbability + malformedBodyProbability
                + errors.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault probabilities add up to " + total + "; a request gets at most "
                    + "one fault, so they must add up to at most 1");
        }
    }

    FaultSettings withLatency(Duration fixed, Duration jitter) {
        return new FaultSettings(fixed, jitter, errorProbabilities, http5xxProbability, dropConnectionProbability,
                hangProbability, malformedBodyProbability);
    }

    FaultSettings withErrorProbability(String code, double probability) {
        Map<String, Double> errors = new LinkedHashMap<>(errorProbabilities);
        errors.remove(code);
        errors.put(code, probability);
        return new FaultSettings(latency, latencyJitter, errors, http5xxProbability, dropConnectionProbability,
                hangProbability, malformedBodyProbability);
    }

    FaultSettings withHttp5xxProbability(double probability) {
        return new FaultSettings(latency, latencyJitter, errorProbabilities, probability, dropConnectionProbability,
                hangProbability, malformedBodyProbability);
    }

    FaultSettings withDropConnectionProbability(double probability) {
        return new FaultSettings(latency, latencyJitter, errorProbabilities, http5xxProbability, probability,
                hangProbability, malformedBodyProbability);
    }

    FaultSettings withHangProbability(double probability) {
        return new FaultSettings(latency, latencyJitter, errorProbabilities, http5xxProbability,
                dropConnectionProbability, probability, malformedBodyProbability);
    }

    FaultSettings withMalformedBodyProbability(double probability) {
        return new FaultSettings(latency, latencyJitter, errorProbabilities, http5xxProbability,
                dropConnectionProbability, hangProbability, probability);
    }

    boolean injectsFaults() {
        return http5xxProbability > 0 || dropConnectionProbability > 0 || hangProbability > 0
                || malformedBodyProbability > 0 || !errorProbabilities.isEmpty();
    }

    /** The fault for a uniform draw in [0, 1): consecutive bands of the probabilities, in a fixed order. */
    InjectedFault pick(double draw) {
        double start = 0;
        if (draw < (start += dropConnectionProbability)) {
            return new InjectedFault.DropConnection();
        }
        if (draw < (start += hangProbability)) {
            return new InjectedFault.Hang();
        }
        if (draw < start + http5xxProbability) {
            // Where the draw fell inside the band picks the status, so one draw decides everything.
            int index = (int) ((draw - start) / http5xxProbability * GATEWAY_STATUSES.length);
            return new InjectedFault.HttpStatus(GATEWAY_STATUSES[Math.min(index, GATEWAY_STATUSES.length - 1)]);
        }
        start += http5xxProbability;
        if (draw < (start += malformedBodyProbability)) {
            return new InjectedFault.MalformedBody();
        }
        for (Map.Entry<String, Double> error : errorProbabilities.entrySet()) {
            if (draw < (start += error.getValue())) {
                return new InjectedFault.ErrorAnswer(error.getKey());
            }
        }
        return new InjectedFault.None();
    }

    private static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + duration);
        }
    }

    private static double requireProbability(Double p, String name) {
        Objects.requireNonNull(p, name);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1 but was " + p);
        }
        return p;
    }
}
