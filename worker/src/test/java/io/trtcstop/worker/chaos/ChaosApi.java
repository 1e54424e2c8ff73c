package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import io.trtcstop.emulator.TrtcEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The TRTC emulator of one chaos run (in this JVM, on a free loopback port), with the faults the tests inject and
 * the API-side figures they print.
 */
final class ChaosApi implements AutoCloseable {

    static final String SECRET_ID = "AKIDchaosTestKey0000001";
    static final String SECRET_KEY = "chaos-test-secret-key-never-printed";
    static final String DELETE = "DeleteCloudTranscription";
    static final String THROTTLED = "RequestLimitExceeded";

    private final TrtcEmulator emulator;

    private ChaosApi(TrtcEmulator emulator) {
        this.emulator = emulator;
    }

    /** @param rateLimitPerSecond the account's quota as the emulator enforces it; 0 for none */
    static ChaosApi start(int rateLimitPerSecond, Duration latency, Duration jitter) {
        TrtcEmulator emulator = TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY)
                .rateLimitPerSecond(rateLimitPerSecond).build().start();
        emulator.faults().latency(latency, jitter);
        return new ChaosApi(emulator);
    }

    TrtcEmulator emulator() {
        return emulator;
    }

    String endpoint() {
        return emulator.endpoint().toString();
    }

    /** Every call that passes the API's checks fails: half with InternalError, half with a dropped connection. */
    void beginOutage() {
        emulator.faults().errorProbability("InternalError", 0.5).dropConnectionProbability(0.5);
    }

    void endOutage() {
        emulator.faults().errorProbability("InternalError", 0).dropConnectionProbability(0);
    }

    /**
     * Gives one instance credentials of its own on the account (as an account's several API keys share its quota),
     * so that the emulator counts that instance's calls apart: {@link #perSecondByCaller()}.
     */
    Map<String, String> ownCredentials(Map<String, String> env, int instance) {
        String secretId = String.format("AKIDchaosInstance%06d", instance);
        String secretKey = SECRET_KEY + "-" + instance;
        emulator.addKey(secretId, secretKey);
        env.put("TENCENTCLOUD_SECRET_ID", secretId);
        env.put("TENCENTCLOUD_SECRET_KEY", secretKey);
        return env;
    }

    /** Stop calls per second for each SecretId ({@link #ownCredentials}). */
    Map<String, List<CallsPerSecond.Second>> perSecondByCaller() {
        return emulator.callsPerSecond().byCaller(DELETE);
    }

    /** Stop calls the rate limit accepted. */
    long acceptedStopCalls() {
        return perSecond().stream().mapToLong(CallsPerSecond.Second::accepted).sum();
    }

    long throttledStopCalls() {
        return emulator.callCount(DELETE, THROTTLED);
    }

    List<CallsPerSecond.Second> perSecond() {
        return emulator.callsPerSecond().of(DELETE);
    }

    /** Accepted stop calls per second, from the first second with one to the last (idle seconds between count). */
    double achievedRate() {
        List<CallsPerSecond.Second> seconds = perSecond().stream().filter(s -> s.accepted() > 0).toList();
        if (seconds.isEmpty()) {
            return 0;
        }
        long span = seconds.getLast().epochSecond() - seconds.getFirst().epochSecond() + 1;
        return (double) acceptedStopCalls() / span;
    }

    /** The most stop calls offered (accepted + throttled) in one second. */
    long peakOfferedPerSecond() {
        return perSecond().stream().mapToLong(CallsPerSecond.Second::offered).max().orElse(0);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
