package io.trtcstop.schema;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The API regions a stop command may name, read from the stop command schema
 * ({@code $defs.Region.enum}) so that validation, the worker and the TRTC client share one list.
 */
public final class Regions {

    private static final Set<String> SUPPORTED = readSupported();

    private Regions() {
    }

    /** The supported regions in schema order, e.g. {@code ap-guangzhou, ap-hongkong, ap-singapore}. */
    public static Set<String> supported() {
        return SUPPORTED;
    }

    public static boolean isSupported(String region) {
        return region != null && SUPPORTED.contains(region);
    }

    private static Set<String> readSupported() {
        JsonNode values = SchemaDocuments.read(MessageSchema.STOP_COMMAND_V1).path("$defs").path("Region").path("enum");
        if (!values.isArray() || values.isEmpty()) {
            throw new IllegalStateException(MessageSchema.STOP_COMMAND_V1.resourcePath() + " has no $defs.Region.enum");
        }
        Set<String> regions = new LinkedHashSet<>();
        for (JsonNode value : values) {
            regions.add(value.asString());
        }
        return Collections.unmodifiableSet(regions);
    }
}
