package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClasspathTest {

    @Test
    void holdsTheBrokerItsLoggingBindingAndTheWatchdog() throws Exception {
        List<Path> classpath = BrokerClasspath.load();

        assertThat(classpath).allSatisfy(entry -> assertThat(entry).exists());
        assertThat(classpath).map(entry -> entry.getFileName().toString())
                .anySatisfy(name -> assertThat(name).startsWith("kafka_2.13-"))
                .anySatisfy(name -> assertThat(name).startsWith("slf4j-simple-"));
        assertThat(classpath).endsWith(
                Path.of(ParentWatchdogMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void theBrokerItselfStaysOffOurClasspath() {
        assertThatThrownBy(() -> Class.forName("kafka.Kafka")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("scala.Option")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aStaleEntryIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path present = Files.createFile(dir.resolve("present.jar"));
        Path missing = dir.resolve("missing.jar");

        assertThat(BrokerClasspath.parse(present + File.pathSeparator + "\n")).containsExactly(present);
        assertThatThrownBy(() -> BrokerClasspath.parse(present + File.pathSeparator + missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("rebuild module kafka-broker");
    }

    @Test
    void anEmptyResourceIsAnError() {
        assertThatThrownBy(() -> BrokerClasspath.parse("  \n")).hasMessageContaining("is empty");
    }
}
