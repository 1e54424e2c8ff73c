package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchdogMainTest {

    @Test
    void runsTheTargetMainAndHaltsWhenTheParentPipeCloses(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("started");
        String classpath = location(ParentWatchdogMain.class) + File.pathSeparator + location(SleepingMain.class);
        Process child = new ProcessBuilder(List.of(ChildJvmLauncher.currentJavaExecutable().toString(),
                "-cp", classpath, ParentWatchdogMain.class.getName(), SleepingMain.class.getName(),
                marker.toString(), "second-arg"))
                .redirectInput(Redirect.PIPE)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker) || !child.isAlive());
            assertThat(Files.readString(marker)).isEqualTo(marker + " second-arg");
            assertThat(child.isAlive()).as("the target main blocks forever").isTrue();

            child.getOutputStream().close(); // what the OS does when the parent dies

            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
            assertThat(child.exitValue()).isEqualTo(ParentWatchdogMain.PARENT_GONE_STATUS);
            assertThat(Files.readString(dir.resolve("child.log"))).contains("parent process is gone");
        } finally {
            child.destroyForcibly();
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
