package io.trtcstop.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads the schema files from the classpath, failing loudly: a missing or broken schema is a build error. */
final class SchemaDocuments {

    private SchemaDocuments() {
    }

    static JsonNode read(MessageSchema messageSchema) {
        String path = messageSchema.resourcePath();
        try (InputStream in = SchemaDocuments.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + path + " is not on the classpath");
            }
            return StrictJsonReader.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + path, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("schema resource " + path + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
