package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.schema.Regions;
import org.junit.jupiter.api.Test;

/** The client's regions and the stop command schema's must not drift apart. */
class RegionSchemaAgreementTest {

    @Test
    void theClientSupportsExactlyTheRegionsTheSchemaAccepts() {
        assertThat(Region.ids()).containsExactlyInAnyOrderElementsOf(Regions.supported());
    }
}
