package io.trtcstop.emulator;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Emulators as the tests start them: the test client's key pair, a hand-moved clock, a seeded random. */
final class Emulators {

    static final Instant START = Instant.parse("2026-04-07T10:15:30Z");

    private Emulators() {
    }

    static TrtcEmulator started(MutableClock clock) {
        return started(clock, UnaryOperator.identity());
    }

    static TrtcEmulator started(MutableClock clock, UnaryOperator<TrtcEmulator.Builder> customize) {
        return customize.apply(TrtcEmulator.builder()
                        .credentials(TestClient.SECRET_ID, TestClient.SECRET_KEY)
                        .clock(clock)
                        .random(new SplittableRandom(42)))
                .build()
                .start();
    }
}
