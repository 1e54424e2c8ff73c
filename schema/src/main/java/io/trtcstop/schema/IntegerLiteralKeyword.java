package io.trtcstop.schema;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.AbstractKeyword;
import com.networknt.schema.keyword.BaseKeywordValidator;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;

/**
 * {@code "x-integerLiteral": true}: a number must be written as a JSON integer literal.
 *
 * <p>JSON Schema counts {@code 1400000000.0} and {@code 1.4e9} as integers (their value has no
 * fraction), and so does the library's {@code type} check. An id written that way is a producer bug
 * (a float went through the pipeline), and a float cannot hold every 64-bit id exactly, so such
 * numbers are rejected. Numbers with a real fraction are left to {@code type}, which already rejects
 * them, so each mistake is reported once. Tools that do not know this keyword treat it as an annotation.
 */
final class IntegerLiteralKeyword extends AbstractKeyword {

    static final String NAME = "x-integerLiteral";

    IntegerLiteralKeyword() {
        super(NAME);
    }

    @Override
    public KeywordValidator newValidator(SchemaLocation schemaLocation, JsonNode schemaNode,
                                         Schema parentSchema, SchemaContext schemaContext) {
        return new Validator(this, schemaNode, schemaLocation, parentSchema, schemaContext);
    }

    private static final class Validator extends BaseKeywordValidator {
        private final boolean enabled;

        Validator(IntegerLiteralKeyword keyword, JsonNode schemaNode, SchemaLocation schemaLocation,
                  Schema parentSchema, SchemaContext schemaContext) {
            super(keyword, schemaNode, schemaLocation, parentSchema, schemaContext);
            this.enabled = schemaNode.asBoolean(false);
        }

        @Override
        public void validate(ExecutionContext context, JsonNode node, JsonNode rootNode, NodePath instanceLocation) {
            if (enabled && node.isNumber() && !node.isIntegralNumber() && node.canConvertToExactIntegral()) {
                context.addError(error()
                        .instanceNode(node)
                        .instanceLocation(instanceLocation)
                        .evaluationPath(context.getEvaluationPath())
                        .locale(context.getExecutionConfig().getLocale())
                        .arguments(node.toString())
                        .build());
            }
        }
    }
}
