package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmLauncherTest {

    private final ChildJvmLauncher launcher = new ChildJvmLauncher(Path.of("/jdk/bin/java"), List.of("-Xmx512m"),
            List.of(Path.of("/a b/x.jar"), Path.of("/c.jar")), Path.of("/data/jvm.args"), Path.of("/data/broker.log"));

    @Test
    void wrapsTheMainClassInTheWatchdogAndKeepsItsNameVisible() {
        List<String> command = launcher.command(LocalKafkaBroker.BROKER_MAIN, List.of("/data/server.properties"));

        // CI proves no broker survived the build with pgrep -f 'kafka\.Kafka': the name must stay on the command line.
        assertThat(command).containsExactly("/jdk/bin/java", "@/data/jvm.args",
                "io.trtcstop.kafka.testkit.ParentWatchdogMain", "kafka.Kafka", "/data/server.properties");
    }

    @Test
    void theArgumentFileQuotesEveryArgument() {
        assertThat(launcher.argFileContent())
                .isEqualTo("\"-Xmx512m\"\n\"-cp\"\n\"/a b/x.jar" + File.pathSeparator + "/c.jar\"\n");
    }

    @Test
    void theBrokerStartsFastAndSmall() {
        assertThat(ChildJvmLauncher.BROKER_JVM_OPTIONS).contains("-XX:TieredStopAtLevel=1", "-Xmx512m");
    }
}
