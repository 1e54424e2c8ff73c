package io.trtcstop.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FinishedAboveTest {

    @Test
    void roundTripsTheOffsetsAboveTheCommittedOne() {
        String metadata = FinishedAbove.encode(1_000, List.of(1_001L, 1_005L, 1_000L + FinishedAbove.MAX_SPAN - 1));
        assertThat(metadata).startsWith(FinishedAbove.PREFIX);
        assertThat(FinishedAbove.decode(1_000, metadata))
                .containsExactly(1_001L, 1_005L, 1_000L + FinishedAbove.MAX_SPAN - 1);
    }

    @Test
    void staysWellUnderTheBrokersDefaultMetadataLimit() {
        List<Long> all = java.util.stream.LongStream.range(0, FinishedAbove.MAX_SPAN).boxed().toList();
        assertThat(FinishedAbove.encode(0, all).length()).isLessThan(3_000); // offset.metadata.max.bytes: 4,096
    }

    @Test
    void offsetsBelowTheCommittedOneAreLeftOutAndNoneMeansEmpty() {
        assertThat(FinishedAbove.encode(50, List.of(10L, 49L))).isEmpty();
        assertThat(FinishedAbove.decode(50, FinishedAbove.encode(50, List.of(49L, 51L)))).containsExactly(51L);
    }

    @Test
    void refusesAnOffsetBeyondTheSpan() {
        assertThatThrownBy(() -> FinishedAbove.encode(0, List.of((long) FinishedAbove.MAX_SPAN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataThatIsNotOursDescribesNothing() {
        assertThat(FinishedAbove.decode(5, null)).isEmpty();
        assertThat(FinishedAbove.decode(5, "")).isEmpty();
        assertThat(FinishedAbove.decode(5, "written by kafka-consumer-groups --reset-offsets")).isEmpty();
    }

    @Test
    void damagedMetadataOfOursIsAnError() {
        assertThatThrownBy(() -> FinishedAbove.decode(5, FinishedAbove.PREFIX + "***"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
    }
}
