package io.trtcstop.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP_HOST, HTTP_PORT and LOG_FORMAT. */
class OperationsConfigTest {

    private static Map<String, String> env() {
        return WorkerConfigTest.minimal();
    }

    @Test
    void defaultsServeOnEveryInterfaceOnPort8080WithTextLogs() {
        WorkerConfig config = WorkerConfig.fromEnvironment(env());
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.logFormat()).isEqualTo("text");
        assertThat(config.toString()).contains("HTTP_HOST / HTTP_PORT = 0.0.0.0 / 8080", "LOG_FORMAT = text");
    }

    @Test
    void takesJsonLogsAndAnyPortIncludingZero() {
        Map<String, String> env = env();
        env.put("LOG_FORMAT", "json");
        env.put("HTTP_PORT", "0");
        env.put("HTTP_HOST", "127.0.0.1");
        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        assertThat(config.logFormat()).isEqualTo("json");
        assertThat(config.httpPort()).isZero();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesAnUnknownLogFormatAndABadPortWithOneLineEach() {
        Map<String, String> env = env();
        env.put("LOG_FORMAT", "xml");
        env.put("HTTP_PORT", "70000");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("LOG_FORMAT=xml: must be text or json")
                .hasMessageContaining("HTTP_PORT");
    }
}
