package io.trtcstop.kafka.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/** A throwaway parent JVM: starts a broker in {@code args[0]}, writes its pid to {@code args[1]}, waits forever. */
public final class BrokerParentMain {

    private BrokerParentMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of(args[0]));
        Path pidFile = Path.of(args[1]);
        Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".partial");
        Files.writeString(partial, Long.toString(broker.pid()));
        Files.move(partial, pidFile, StandardCopyOption.ATOMIC_MOVE); // the test never reads half a pid
        new CountDownLatch(1).await();
    }
}
