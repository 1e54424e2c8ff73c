package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationResultTest {

    @Test
    void violationReadsAsPathColonMessage() {
        assertThat(new Violation("$.SdkAppId", "must be at most 4294967295")).hasToString("$.SdkAppId: must be at most 4294967295");
    }

    @Test
    void summaryJoinsEveryViolation() {
        ValidationResult result = new ValidationResult(null, List.of(
                new Violation("$.SdkAppId", "is required but missing"),
                new Violation("$.TaskId", "must not be empty")));

        assertThat(result.valid()).isFalse();
        assertThat(result.summary()).isEqualTo("$.SdkAppId: is required but missing; $.TaskId: must not be empty");
    }

    @Test
    void resultWithoutViolationsIsValidWithAnEmptySummary() {
        ValidationResult result = ValidationResult.valid(StrictJsonReader.MAPPER.createObjectNode());

        assertThat(result.valid()).isTrue();
        assertThat(result.summary()).isEmpty();
    }

    @Test
    void violationsCannotBeChangedAfterTheFact() {
        List<Violation> violations = new ArrayList<>(List.of(new Violation("$", "value is null")));
        ValidationResult result = new ValidationResult(null, violations);
        violations.clear();

        assertThat(result.violations()).hasSize(1);
        assertThatThrownBy(() -> result.violations().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
