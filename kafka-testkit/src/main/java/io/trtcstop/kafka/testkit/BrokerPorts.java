package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The two loopback ports of a single-node KRaft broker: one for clients, one for its controller. */
record BrokerPorts(int broker, int controller) {

    BrokerPorts {
        if (broker == controller) {
            throw new IllegalArgumentException("broker and controller need different ports, both are " + broker);
        }
    }

    /** Asks the OS for two currently free loopback ports (held open together so they differ). */
    static BrokerPorts pickFree() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket first = new ServerSocket(0, 1, loopback);
             ServerSocket second = new ServerSocket(0, 1, loopback)) {
            return new BrokerPorts(first.getLocalPort(), second.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports for the Kafka broker", e);
        }
    }
}
