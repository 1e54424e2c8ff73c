package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file under {@code examples/<message>/valid} must pass and every file under
 * {@code examples/<message>/invalid} must fail with the violations its {@code .expected.txt} names
 * (each non-blank line must occur in some violation, so one line per expected violation).
 * Adding an example adds a test.
 */
class ExampleFilesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("basedir", ".")).resolve("examples");
    static final String EXPECTED_SUFFIX = ".expected.txt";

    private static final Map<String, MessageSchema> DIRECTORIES = Map.of(
            "stop-command", MessageSchema.STOP_COMMAND_V1,
            "outcome-event", MessageSchema.OUTCOME_EVENT_V1,
            "dead-letter-headers", MessageSchema.DEAD_LETTER_HEADERS_V1);

    static Stream<Path> validExamples() {
        return examples("valid");
    }

    static Stream<Path> invalidExamples() {
        return examples("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExamplePasses(Path example) throws IOException {
        ValidationResult result = validate(example);

        assertThat(result.violations()).as("violations of %s", example).isEmpty();
        assertThat(result.document()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsWithItsExpectedMessage(Path example) throws IOException {
        Path expectedFile = sidecar(example);
        if (!Files.isRegularFile(expectedFile)) {
            fail("invalid example %s has no %s stating the expected violation", example, expectedFile.getFileName());
        }
        List<String> expectedLines = Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(expectedLines).as("expected violations in %s", expectedFile).isNotEmpty();

        ValidationResult result = validate(example);

        assertThat(result.valid()).as("%s must be invalid", example).isFalse();
        List<String> reported = result.violations().stream().map(Violation::toString).toList();
        for (String expected : expectedLines) {
            assertThat(reported).as("violations of %s", example).anySatisfy(line -> assertThat(line).contains(expected));
        }
    }

    @Test
    void everyExpectationFileBelongsToAnInvalidExample() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            List<Path> sidecars = files.filter(path -> path.getFileName().toString().endsWith(EXPECTED_SUFFIX)).toList();
            assertThat(sidecars).isNotEmpty().allSatisfy(sidecar -> {
                assertThat(sidecar.getParent().getFileName()).hasToString("invalid");
                String name = sidecar.getFileName().toString();
                Path example = sidecar.resolveSibling(name.substring(0, name.length() - EXPECTED_SUFFIX.length()) + ".json");
                assertThat(example).as("example for %s", sidecar).isRegularFile();
            });
        }
    }

    @Test
    void everyExampleDirectoryIsKnownAndHoldsOnlyJsonAndExpectations() throws IOException {
        try (Stream<Path> messages = Files.list(EXAMPLES)) {
            assertThat(messages.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(DIRECTORIES.keySet());
        }
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            assertThat(files.filter(Files::isRegularFile))
                    .allSatisfy(file -> assertThat(file.getFileName().toString()).matches(".*(\\.json|\\.expected\\.txt)"));
        }
    }

    @Test
    void stopCommandExamplesCoverEnoughCases() {
        assertThat(examples("valid").filter(path -> path.startsWith(EXAMPLES.resolve("stop-command")))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(examples("invalid").filter(path -> path.startsWith(EXAMPLES.resolve("stop-command")))).hasSizeGreaterThanOrEqualTo(15);
    }

    /** Header examples are JSON objects of header name to string value, checked through validateHeaders. */
    private static ValidationResult validate(Path example) throws IOException {
        MessageSchema schema = DIRECTORIES.get(EXAMPLES.relativize(example).getName(0).toString());
        byte[] bytes = Files.readAllBytes(example);
        if (schema == MessageSchema.DEAD_LETTER_HEADERS_V1) {
            return SchemaValidator.of(schema).validateHeaders(headers(bytes, example));
        }
        return SchemaValidator.of(schema).validate(bytes);
    }

    private static Map<String, String> headers(byte[] bytes, Path example) {
        JsonNode object = JsonMapper.builder().build().readTree(bytes);
        Map<String, String> headers = new LinkedHashMap<>();
        object.properties().forEach(header -> {
            assertThat(header.getValue().isString()).as("header %s in %s must be a string", header.getKey(), example).isTrue();
            headers.put(header.getKey(), header.getValue().asString());
        });
        return headers;
    }

    private static Stream<Path> examples(String verdict) {
        return DIRECTORIES.keySet().stream().sorted().flatMap(message -> {
            Path directory = EXAMPLES.resolve(message).resolve(verdict);
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        });
    }

    private static Path sidecar(Path example) {
        String name = example.getFileName().toString();
        return example.resolveSibling(name.substring(0, name.length() - ".json".length()) + EXPECTED_SUFFIX);
    }
}
