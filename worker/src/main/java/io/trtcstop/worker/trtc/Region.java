package io.trtcstop.worker.trtc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The regions {@code DeleteCloudTranscription} supports on the international site. */
public enum Region {
    AP_GUANGZHOU("ap-guangzhou"),
    AP_HONGKONG("ap-hongkong"),
    AP_SINGAPORE("ap-singapore");

    private static final int MAX_ECHOED_CHARS = 40;
    private static final List<String> IDS = Arrays.stream(values()).map(Region::id).toList();

    private final String id;

    Region(String id) {
        this.id = id;
    }

    /** The API's name for the region, as sent in {@code X-TC-Region}. */
    public String id() {
        return id;
    }

    /** All supported region ids, in declaration order. */
    public static List<String> ids() {
        return IDS;
    }

    /** The region with this exact id (case-sensitive, as the API is), if it is supported. */
    public static Optional<Region> find(String id) {
        for (Region region : values()) {
            if (region.id.equals(id)) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    /**
     * The region with this exact id.
     *
     * @throws IllegalArgumentException naming the supported regions when {@code id} is not one of them
     */
    public static Region parse(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(unsupportedMessage(id)));
    }

    static String unsupportedMessage(String id) {
        return "unsupported region " + quoted(id) + ": DeleteCloudTranscription supports " + String.join(", ", IDS);
    }

    /** The id quoted for an error message, cut short and without control characters (it comes from input). */
    private static String quoted(String id) {
        if (id == null) {
            return "null";
        }
        String shown = id.length() > MAX_ECHOED_CHARS ? id.substring(0, MAX_ECHOED_CHARS) + "…" : id;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    @Override
    public String toString() {
        return id;
    }
}
