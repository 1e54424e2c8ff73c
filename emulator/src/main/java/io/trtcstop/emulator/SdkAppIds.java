package io.trtcstop.emulator;

/** The range the API accepts for SdkAppId: an unsigned 32-bit integer other than 0. */
final class SdkAppIds {

    static final long MIN = 1;
    static final long MAX = 4_294_967_295L;

    private SdkAppIds() {
    }

    static boolean valid(long sdkAppId) {
        return sdkAppId >= MIN && sdkAppId <= MAX;
    }

    static long require(long sdkAppId) {
        if (!valid(sdkAppId)) {
            throw new IllegalArgumentException("SdkAppId must be in " + MIN + ".." + MAX + " but was " + sdkAppId);
        }
        return sdkAppId;
    }
}
