package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegionTest {

    @Test
    void parsesTheThreeSupportedRegions() {
        assertThat(Region.parse("ap-guangzhou")).isEqualTo(Region.AP_GUANGZHOU);
        assertThat(Region.parse("ap-hongkong")).isEqualTo(Region.AP_HONGKONG);
        assertThat(Region.parse("ap-singapore")).isEqualTo(Region.AP_SINGAPORE);
        assertThat(Region.ids()).containsExactly("ap-guangzhou", "ap-hongkong", "ap-singapore");
        assertThat(Region.AP_SINGAPORE).hasToString("ap-singapore");
    }

    @Test
    void rejectsOthersNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Region.parse("ap-shanghai"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported region 'ap-shanghai': DeleteCloudTranscription supports ap-guangzhou, ap-hongkong, ap-singapore");
        assertThatThrownBy(() -> Region.parse("AP-GUANGZHOU")).hasMessageStartingWith("unsupported region 'AP-GUANGZHOU'");
        assertThatThrownBy(() -> Region.parse(null)).hasMessageStartingWith("unsupported region null");
        assertThat(Region.find("ap-guangzhou ")).isEmpty();
    }

    @Test
    void echoesHostileInputOnlyCutAndFlattened() {
        assertThatThrownBy(() -> Region.parse("evil\nregion" + "x".repeat(100)))
                .message().doesNotContain("\n").contains("evil?region").doesNotContain("x".repeat(50));
    }
}
