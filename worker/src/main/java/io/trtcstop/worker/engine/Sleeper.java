package io.trtcstop.worker.engine;

import java.time.Duration;

/** Waits; injected so retry and rate-limit behaviour is testable without real time passing ({@link DrainSignal} in production). */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

}
