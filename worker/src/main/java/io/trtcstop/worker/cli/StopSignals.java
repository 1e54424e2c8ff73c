package io.trtcstop.worker.cli;

import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. A plain shutdown hook cannot do this: the JVM would exit with
 * 143 and could not wait for the drain to finish on its own terms, so the signals are handled directly.
 */
final class StopSignals {

    private StopSignals() {
    }

    @SuppressWarnings("removal")
    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Signal not available here (e.g. INT without a console on some platforms): fall back to a hook.
                LoggerFactory.getLogger(StopSignals.class).debug("cannot handle SIG{}: {}", name, e.toString());
                Runtime.getRuntime().addShutdownHook(new Thread(stop, "stop-on-shutdown"));
            }
        }
    }
}
