package io.trtcstop.kafka.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A stand-in for kafka.Kafka: writes its arguments to the file named by the first one, then runs forever. */
public final class SleepingMain {

    private SleepingMain() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), String.join(" ", args));
        new CountDownLatch(1).await();
    }
}
