package io.trtcstop.worker.kafka;

import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The offsets above a partition's committed offset whose outcomes are already committed, carried in the offset
 * commit's metadata (the way Confluent's Parallel Consumer does it). A command that finishes while an older one in
 * its partition is still retrying gets its outcome committed at once, in the same transaction as this metadata;
 * whoever reads the partition again from the committed offset skips those records instead of doing them twice.
 *
 * <p>Format: {@code trtc-finished-above:1:} then the URL-safe Base64 (no padding) of a little-endian bit set whose
 * bit {@code i} stands for offset {@code committed + i}. At most {@link #MAX_SPAN} offsets above the committed one
 * are described, so the metadata stays under 2.8 KB (brokers refuse more than {@code offset.metadata.max.bytes},
 * 4,096 by default); records further up simply wait for the committed offset to come closer.
 */
final class FinishedAbove {

    /** How far above the committed offset a finished record may be and still be committed early. */
    static final int MAX_SPAN = 16_384;
    static final String PREFIX = "trtc-finished-above:1:";

    private FinishedAbove() {
    }

    /**
     * @param committed the offset being committed
     * @param finished  offsets whose outcomes are committed (or are being committed now); those below
     *                  {@code committed} are ignored, all others must be below {@code committed + MAX_SPAN}
     * @return the metadata, or {@code ""} when nothing above {@code committed} is finished
     */
    static String encode(long committed, Iterable<Long> finished) {
        BitSet bits = new BitSet();
        for (long offset : finished) {
            if (offset < committed) {
                continue;
            }
            long bit = offset - committed;
            if (bit >= MAX_SPAN) {
                throw new IllegalArgumentException("offset " + offset + " is more than " + MAX_SPAN
                        + " above the committed offset " + committed);
            }
            bits.set((int) bit);
        }
        if (bits.isEmpty()) {
            return "";
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits.toByteArray());
    }

    /**
     * The finished offsets that {@code metadata}, committed with offset {@code committed}, describes. Metadata
     * that is empty or not ours (e.g. written by an offset reset tool) describes none: everything from the
     * committed offset on is done again, which is what a reset means.
     *
     * @throws IllegalArgumentException when the metadata has our prefix but is damaged
     */
    static NavigableSet<Long> decode(long committed, String metadata) {
        NavigableSet<Long> offsets = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return offsets;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("damaged finished-above metadata: " + e.getMessage(), e);
        }
        BitSet bits = BitSet.valueOf(bytes);
        if (bits.length() > MAX_SPAN) {
            throw new IllegalArgumentException("finished-above metadata spans " + bits.length()
                    + " offsets, more than " + MAX_SPAN);
        }
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            offsets.add(committed + i);
        }
        return offsets;
    }

}
