package io.trtcstop.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.i18n.ResourceBundleMessageSource;
import com.networknt.schema.path.PathType;
import java.util.Locale;

/**
 * Turns a schema file into a ready-to-run library {@link Schema}, always with the same settings:
 * JSON Schema 2020-12 plus {@code x-integerLiteral}, {@code format} asserted (2020-12 only annotates
 * it by default, and a malformed RequestedAt must be caught), JSON paths, the per-keyword
 * {@code errorMessage} wording of our schema files, and English messages whatever the JVM locale.
 */
final class SchemaCompiler {

    private static final String MESSAGES = "io/trtcstop/schema/violation-messages";
    private static final String LIBRARY_MESSAGES = "jsv-messages";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(
            Dialect.builder(Dialects.getDraft202012()).keyword(new IntegerLiteralKeyword()).build(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_PATH)
                    .formatAssertionsEnabled(true)
                    .errorMessageKeyword("errorMessage")
                    .locale(Locale.ENGLISH)
                    .messageSource(new ResourceBundleMessageSource(MESSAGES, LIBRARY_MESSAGES))
                    .build()));

    private SchemaCompiler() {
    }

    static Schema compile(MessageSchema messageSchema) {
        Schema schema = REGISTRY.getSchema(
                SchemaLocation.of("classpath:" + messageSchema.resourcePath()),
                SchemaDocuments.read(messageSchema));
        // Build every keyword validator now, so the first record does not pay for it and a broken
        // schema fails at start-up rather than on some later message.
        schema.initializeValidators();
        return schema;
    }
}
