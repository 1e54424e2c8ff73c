package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker must not outlive its parent even when the parent is SIGKILLed and no shutdown hook runs. */
class ParentDeathIT {

    @Test
    void theBrokerDiesWhenItsParentIsKilledHard(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("broker.pid");
        Path parentLog = dir.resolve("parent.log");
        Process parent = new ProcessBuilder(List.of(ChildJvmLauncher.currentJavaExecutable().toString(),
                "-cp", System.getProperty("java.class.path"), BrokerParentMain.class.getName(),
                dir.resolve("broker").toString(), pidFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(parentLog.toFile())
                .start();
        Optional<ProcessHandle> broker = Optional.empty();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pidFile) || !parent.isAlive());
            assertThat(parent.isAlive()).as("parent JVM is running; its output:%n%s", LogTail.of(parentLog, 40)).isTrue();
            broker = ProcessHandle.of(Long.parseLong(Files.readString(pidFile)));
            assertThat(broker).as("broker process").isPresent();
            assertThat(broker.get().isAlive()).isTrue();
            assertThat(broker.get().info().commandLine()).hasValueSatisfying(line -> assertThat(line).contains(" kafka.Kafka "));

            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hooks never run

            await().atMost(Duration.ofSeconds(30)).until(() -> !parent.isAlive());
            ProcessHandle orphan = broker.get();
            await().atMost(Duration.ofSeconds(15)).until(() -> !orphan.isAlive());
            assertThat(Files.readString(dir.resolve("broker").resolve("broker.log"))).contains("parent process is gone");
        } finally {
            parent.destroyForcibly();
            broker.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
