package io.trtcstop.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstantArgumentTest {

    @Test
    void acceptsInstantsOffsetsLocalTimesAndDatesAllInUtcWhenNoOffsetIsGiven() {
        assertThat(InstantArgument.parse("2026-01-31T08:00:00Z")).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
        assertThat(InstantArgument.parse("2026-01-31T16:00+08:00")).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
        assertThat(InstantArgument.parse("2026-01-31T08:00:00.5")).isEqualTo(Instant.parse("2026-01-31T08:00:00.500Z"));
        assertThat(InstantArgument.parse(" 2026-01-31 ")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedWithExamples() {
        assertThatThrownBy(() -> InstantArgument.parse("yesterday"))
                .hasMessageStartingWith("'yesterday' is not an ISO-8601 time: use e.g. 2026-01-31T08:00:00Z");
        assertThatThrownBy(() -> InstantArgument.parse("2026-13-01")).isInstanceOf(IllegalArgumentException.class);
    }
}
