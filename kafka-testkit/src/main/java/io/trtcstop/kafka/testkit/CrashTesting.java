package io.trtcstop.kafka.testkit;

/** The error for {@link KafkaBroker#kill()} and {@link KafkaBroker#restart()} on brokers we cannot crash. */
final class CrashTesting {

    private CrashTesting() {
    }

    static UnsupportedOperationException unsupported(KafkaBroker broker) {
        return new UnsupportedOperationException("crash testing is not supported on " + broker
                + ": guard the test with Assumptions.assumeTrue(broker.supportsCrashTesting())");
    }
}
