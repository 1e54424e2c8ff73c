package io.trtcstop.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Emulators as the tests start them, with the test client's key pair: on a hand-moved clock and a seeded random,
 * or on the system clock for clients that stamp requests with the real time (Tencent's SDK, benchmarks).
 */
final class Emulators {

    static final Instant START = Instant.parse("2026-04-07T10:15:30Z");

    private Emulators() {
    }

    static TrtcEmulator started(MutableClock clock) {
        return started(clock, UnaryOperator.identity());
    }

    static TrtcEmulator started(MutableClock clock, UnaryOperator<TrtcEmulator.Builder> customize) {
        return customize.apply(withTestKeys().clock(clock).random(new SplittableRandom(42))).build().start();
    }

    static TrtcEmulator startedOnSystemClock() {
        return startedOnSystemClock(UnaryOperator.identity());
    }

    static TrtcEmulator startedOnSystemClock(UnaryOperator<TrtcEmulator.Builder> customize) {
        return customize.apply(withTestKeys().clock(Clock.systemUTC())).build().start();
    }

    private static TrtcEmulator.Builder withTestKeys() {
        return TrtcEmulator.builder().credentials(TestClient.SECRET_ID, TestClient.SECRET_KEY);
    }
}
