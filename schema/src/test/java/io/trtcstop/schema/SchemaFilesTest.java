package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The schema files themselves: well-formed 2020-12 schemas, consistent with each other and with the README. */
class SchemaFilesTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Schema METASCHEMA_2020_12 = SchemaRegistry
            .withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /** The header names the worker implements; renaming one breaks the contract. */
    private static final List<String> REQUIRED_HEADERS = List.of(
            "dlq.original.topic", "dlq.original.partition", "dlq.original.offset", "dlq.original.timestamp",
            "dlq.consumer.group", "dlq.command.id", "dlq.error.kind", "dlq.error.code", "dlq.error.message",
            "dlq.attempts", "dlq.worker.instance", "dlq.replay.count");
    private static final List<String> OPTIONAL_HEADERS = List.of(
            "dlq.request.id", "dlq.first.attempt.at", "dlq.last.attempt.at",
            "dlq.replay.source.topic", "dlq.replay.source.partition", "dlq.replay.source.offset",
            "dlq.value.omitted", "dlq.value.bytes", "dlq.key.omitted", "dlq.key.bytes", "dlq.headers.omitted");

    @ParameterizedTest
    @EnumSource(MessageSchema.class)
    void schemaFileIsAValid2020_12Schema(MessageSchema messageSchema) {
        JsonNode document = SchemaDocuments.read(messageSchema);

        assertThat(document.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(METASCHEMA_2020_12.validate(document)).isEmpty();
    }

    @Test
    void metaschemaCheckCatchesABrokenSchema() {
        JsonNode broken = StrictJsonReader.MAPPER.readTree("{\"type\": \"intger\", \"minimum\": \"1\"}");

        assertThat(METASCHEMA_2020_12.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(MessageSchema.class)
    void schemaCompilesAndIsSharedOnceCompiled(MessageSchema messageSchema) {
        SchemaValidator validator = SchemaValidator.of(messageSchema);

        assertThat(validator.messageSchema()).isEqualTo(messageSchema);
        assertThat(SchemaValidator.of(messageSchema)).isSameAs(validator);
    }

    @ParameterizedTest
    @EnumSource(MessageSchema.class)
    void schemaSourceFileIsTheClasspathResource(MessageSchema messageSchema) throws IOException {
        Path source = MODULE.resolve("src/main/resources").resolve(messageSchema.resourcePath());

        assertThat(source).isRegularFile();
        assertThat(StrictJsonReader.MAPPER.readTree(Files.readAllBytes(source))).isEqualTo(SchemaDocuments.read(messageSchema));
    }

    @Test
    void outcomeEventRepeatsTheStopCommandDefinitionsExactly() {
        JsonNode command = SchemaDocuments.read(MessageSchema.STOP_COMMAND_V1).path("$defs");
        JsonNode outcome = SchemaDocuments.read(MessageSchema.OUTCOME_EVENT_V1).path("$defs");

        for (String definition : List.of("SdkAppId", "TaskId", "Region")) {
            assertThat(withoutDescription(outcome.path(definition))).as(definition)
                    .isEqualTo(withoutDescription(command.path(definition)));
        }
    }

    @Test
    void topicNameRuleIsTheSameInOutcomeAndHeaders() {
        JsonNode outcomeTopic = SchemaDocuments.read(MessageSchema.OUTCOME_EVENT_V1).path("$defs").path("TopicName");
        JsonNode headerTopic = SchemaDocuments.read(MessageSchema.DEAD_LETTER_HEADERS_V1).path("properties").path("dlq.original.topic");

        assertThat(headerTopic.path("pattern")).isEqualTo(outcomeTopic.path("pattern"));
    }

    @Test
    void headerSchemaNamesExactlyTheContractHeaders() {
        JsonNode schema = SchemaDocuments.read(MessageSchema.DEAD_LETTER_HEADERS_V1);
        List<String> properties = new ArrayList<>(schema.path("properties").propertyNames());
        List<String> required = schema.path("required").valueStream().map(JsonNode::asString).toList();

        assertThat(required).containsExactlyInAnyOrderElementsOf(REQUIRED_HEADERS);
        List<String> all = new ArrayList<>(REQUIRED_HEADERS);
        all.addAll(OPTIONAL_HEADERS);
        assertThat(properties).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void readmeHeaderTableMatchesTheHeaderSchema() throws IOException {
        String readme = Files.readString(MODULE.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("(?m)^\\| `(dlq\\.[a-z.]+)` \\| (yes|no) \\|").matcher(readme);
        Map<String, Boolean> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2).equals("yes"));
        }

        Map<String, Boolean> contract = new LinkedHashMap<>();
        REQUIRED_HEADERS.forEach(name -> contract.put(name, true));
        OPTIONAL_HEADERS.forEach(name -> contract.put(name, false));
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(contract);
    }

    @Test
    void everyIntegerIdIsRequiredToBeAnIntegerLiteral() {
        assertThat(SchemaDocuments.read(MessageSchema.STOP_COMMAND_V1).at("/$defs/SdkAppId/x-integerLiteral").asBoolean()).isTrue();
        JsonNode outcome = SchemaDocuments.read(MessageSchema.OUTCOME_EVENT_V1);
        for (String pointer : List.of("/$defs/SdkAppId", "/properties/Attempts",
                "/properties/Source/properties/Partition", "/properties/Source/properties/Offset")) {
            assertThat(outcome.at(pointer + "/x-integerLiteral").asBoolean()).as(pointer).isTrue();
        }
    }

    private static JsonNode withoutDescription(JsonNode definition) {
        ObjectNode copy = (ObjectNode) definition.deepCopy();
        copy.remove("description");
        return copy;
    }
}
