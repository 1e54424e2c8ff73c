package io.trtcstop.worker.trtc;

import java.util.List;
import java.util.Objects;

/**
 * Maps a Tencent Cloud error code (or one of the worker's own {@code Transport.*} codes) to what a caller
 * should do about it. Tencent publishes no retryability table; this one follows its SDKs and
 * {@code shared/reference/tencent-cloud-api.md}. A family such as {@code InternalError} covers the code
 * itself and every {@code InternalError.*} sub-code.
 */
public final class ErrorClassifier {

    /** The worker's own codes for calls that got no usable API answer; all transient. */
    public static final String TRANSPORT_FAMILY = "Transport";
    /** The credentials provider failed; transient (a reload may succeed). */
    public static final String CREDENTIALS_FAMILY = "Credentials";

    private static final String THROTTLED_FAMILY = "RequestLimitExceeded";

    private static final List<String> RETRYABLE_FAMILIES = List.of(
            THROTTLED_FAMILY, "InternalError", "ServiceUnavailable", "ResourceUnavailable",
            "ResourceInsufficient", "ResourceInUse", TRANSPORT_FAMILY, CREDENTIALS_FAMILY);

    private static final List<String> RETRY_ONCE_AFTER_REFRESH_CODES = List.of(
            "AuthFailure.SignatureExpire", "AuthFailure.TokenFailure");

    /** Codes known to be permanent. Unknown codes are permanent too, but worth a closer look. */
    private static final List<String> PERMANENT_FAMILIES = List.of(
            "AuthFailure", "UnauthorizedOperation", "InvalidParameter", "InvalidParameterValue",
            "MissingParameter", "UnknownParameter", "InvalidAction", "NoSuchVersion", "UnsupportedRegion",
            "UnsupportedOperation", "UnsupportedProtocol", "FailedOperation", "LimitExceeded",
            "RequestSizeLimitExceeded");

    private ErrorClassifier() {
    }

    public static FailureClass classify(String code) {
        Objects.requireNonNull(code, "code");
        if (RETRY_ONCE_AFTER_REFRESH_CODES.contains(code)) {
            return FailureClass.RETRY_ONCE_AFTER_REFRESH;
        }
        if (inAnyFamily(code, RETRYABLE_FAMILIES)) {
            return FailureClass.RETRYABLE;
        }
        return FailureClass.PERMANENT;
    }

    /**
     * Whether the code is one this table knows (including {@code ResourceNotFound}); an unknown code is
     * classified permanent and kept verbatim, and callers may want to flag it to operators.
     */
    public static boolean isKnown(String code) {
        Objects.requireNonNull(code, "code");
        return code.equals(DeleteResponseParser.ALREADY_STOPPED_CODE)
                || RETRY_ONCE_AFTER_REFRESH_CODES.contains(code)
                || inAnyFamily(code, RETRYABLE_FAMILIES)
                || inAnyFamily(code, PERMANENT_FAMILIES);
    }

    /** {@code RequestLimitExceeded} or one of its sub-codes: the caller should slow down as a whole. */
    public static boolean isThrottled(String code) {
        return inFamily(code, THROTTLED_FAMILY);
    }

    /** True for {@code family} itself and for {@code family.Anything}, not for {@code familyAnything}. */
    static boolean inFamily(String code, String family) {
        return code.equals(family)
                || (code.length() > family.length() + 1 && code.startsWith(family) && code.charAt(family.length()) == '.');
    }

    private static boolean inAnyFamily(String code, List<String> families) {
        for (String family : families) {
            if (inFamily(code, family)) {
                return true;
            }
        }
        return false;
    }
}
