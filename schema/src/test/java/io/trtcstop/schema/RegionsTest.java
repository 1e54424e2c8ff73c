package io.trtcstop.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegionsTest {

    @Test
    void supportedRegionsAreTheOnesTheApiDocumentsInSchemaOrder() {
        assertThat(Regions.supported()).containsExactly("ap-guangzhou", "ap-hongkong", "ap-singapore");
    }

    @Test
    void supportedRegionsAreReadOnly() {
        assertThatThrownBy(() -> Regions.supported().add("ap-beijing")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void isSupportedIsExactAndNullSafe() {
        assertThat(Regions.isSupported("ap-hongkong")).isTrue();
        assertThat(Regions.isSupported("AP-HONGKONG")).isFalse();
        assertThat(Regions.isSupported("ap-beijing")).isFalse();
        assertThat(Regions.isSupported(null)).isFalse();
    }

    @Test
    void everySupportedRegionPassesTheStopCommandSchemaAndNothingElseDoes() {
        SchemaValidator validator = SchemaValidator.of(MessageSchema.STOP_COMMAND_V1);
        for (String region : Regions.supported()) {
            assertThat(validator.validate(command(region)).valid()).as(region).isTrue();
        }
        assertThat(validator.validate(command("ap-shanghai")).valid()).isFalse();
    }

    private static byte[] command(String region) {
        return ("{\"SdkAppId\":1400000000,\"TaskId\":\"task-1\",\"Region\":\"" + region + "\"}").getBytes();
    }
}
