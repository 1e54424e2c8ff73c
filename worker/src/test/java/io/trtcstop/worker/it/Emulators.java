package io.trtcstop.worker.it;

import io.trtcstop.emulator.TrtcEmulator;

/** The TRTC emulator as the worker's integration tests run it. */
final class Emulators {

    static final String SECRET_ID = "AKIDworkerIntegrationTest01";
    static final String SECRET_KEY = "worker-it-secret-key-never-printed";

    private Emulators() {
    }

    static TrtcEmulator start(int rateLimitPerSecond) {
        return TrtcEmulator.builder().port(0).credentials(SECRET_ID, SECRET_KEY)
                .rateLimitPerSecond(rateLimitPerSecond).build().start();
    }
}
