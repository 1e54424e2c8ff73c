package io.trtcstop.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @Test
    void keepsOnlyTheLastLines(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("broker.log"), "one\ntwo\nthree\nfour\n");

        assertThat(LogTail.of(log, 2)).isEqualTo("three\nfour");
        assertThat(LogTail.of(log, 10)).isEqualTo("one\ntwo\nthree\nfour");
        assertThat(LogTail.explain("It failed.", log)).startsWith("It failed.\n").endsWith("four");
    }

    @Test
    void saysWhenThereIsNoLog(@TempDir Path dir) {
        assertThat(LogTail.of(dir.resolve("absent.log"), 5)).contains("does not exist");
    }
}
