package io.trtcstop.worker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Extra Kafka client properties (security, tuning) every command of the jar applies to its clients:
 * {@code KAFKA_CLIENT_PROPERTIES_FILE} (a properties file), then every {@code KAFKA_CLIENT_<NAME>} variable as
 * property {@code <name>} with '_' read as '.' (e.g. {@code KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL});
 * variables win over the file.
 */
final class KafkaClientProperties {

    static final String PREFIX = "KAFKA_CLIENT_";
    static final String FILE_VARIABLE = "KAFKA_CLIENT_PROPERTIES_FILE";
    private static final Pattern SENSITIVE =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential|key\\b|\\.key|keystore\\.key).*");

    private KafkaClientProperties() {
    }

    static Map<String, String> read(Map<String, String> env, EnvReader in) {
        Map<String, String> props = new TreeMap<>();
        String file = in.raw(FILE_VARIABLE);
        if (file != null) {
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                loaded.load(reader);
                loaded.stringPropertyNames().forEach(name -> props.put(name, loaded.getProperty(name)));
            } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a bad path or escape
                in.problem(FILE_VARIABLE + "=" + EnvReader.shown(file) + " cannot be read: " + e.getMessage());
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !name.equals(FILE_VARIABLE)) {
                String property = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (!property.isEmpty()) {
                    props.put(property, value);
                }
            }
        });
        return Map.copyOf(props);
    }

    /** Whether a property's value must be redacted when the configuration is printed. */
    static boolean isSensitive(String property) {
        return SENSITIVE.matcher(property).matches();
    }

    /** The properties as printed in a configuration summary: sorted, sensitive values redacted. */
    static Map<String, String> printable(Map<String, String> props) {
        Map<String, String> shown = new TreeMap<>();
        props.forEach((k, v) -> shown.put(k, isSensitive(k) ? "[redacted]" : v));
        return shown;
    }
}
