package io.trtcstop.worker.trtc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps a Tencent Cloud error code (or one of the worker's own {@code Transport.*} codes) to what a caller
 * should do about it. Tencent publishes no retryability table; this one follows its SDKs, the API's common
 * error-code list and {@code shared/reference/tencent-cloud-api.md}; {@code worker/ERROR-CODES.md} gives the
 * reason for each row. A family such as {@code InternalError} covers the code itself and every
 * {@code InternalError.*} sub-code.
 */
public final class ErrorClassifier {

    /** The worker's own codes for calls that got no usable API answer; all transient. */
    public static final String TRANSPORT_FAMILY = "Transport";
    /** The credentials provider failed; transient (a reload may succeed). */
    public static final String CREDENTIALS_FAMILY = "Credentials";

    /** The API's answer for a task that does not exist or has already ended. */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";

    private static final String THROTTLED_FAMILY = "RequestLimitExceeded";

    /**
     * Frequency limits that TRTC reports under other families (its own per-feature limit and the account's
     * operation limit): the same remedy as {@code RequestLimitExceeded}.
     */
    private static final List<String> THROTTLED_CODES = List.of(
            "FailedOperation.RestrictedFrequency", "OperationDenied.FreqOverLimit");

    /**
     * Codes that say "this task is gone" in other words than {@code ResourceNotFound}: for a stop, that is
     * the goal reached.
     */
    private static final List<String> ALREADY_STOPPED_CODES = List.of(
            "FailedOperation.TaskNotExist", "FailedOperation.TaskFinished");

    private static final List<String> RETRYABLE_FAMILIES = List.of(
            THROTTLED_FAMILY, "InternalError", "ServiceUnavailable", "ResourceUnavailable",
            "ResourceInsufficient", "ResourceInUse", TRANSPORT_FAMILY, CREDENTIALS_FAMILY);

    /** The request's timestamp is too far from the server's: the host clock is off. */
    private static final List<String> CLOCK_CODES = List.of(
            "AuthFailure.SignatureExpire", "FailedOperation.RequestOutdated");

    /**
     * Fixable by new credentials or a fresh signature, so worth exactly one retry after a refresh:
     * clock codes, an expired STS token, and a SecretId the API no longer knows (a key rotated and revoked
     * before this instance re-read its key files).
     */
    private static final List<String> RETRY_ONCE_AFTER_REFRESH_CODES = List.of(
            "AuthFailure.SignatureExpire", "FailedOperation.RequestOutdated", "AuthFailure.TokenFailure",
            "AuthFailure.SecretIdNotFound");

    /** Codes known to be permanent. Unknown codes are permanent too, but worth a closer look. */
    private static final List<String> PERMANENT_FAMILIES = List.of(
            "AuthFailure", "UnauthorizedOperation", "InvalidParameter", "InvalidParameterValue",
            "MissingParameter", "UnknownParameter", "InvalidAction", "NoSuchVersion", "UnsupportedRegion",
            "UnsupportedOperation", "UnsupportedProtocol", "FailedOperation", "LimitExceeded",
            "RequestSizeLimitExceeded", "OperationDenied", "ResourceNotFound",
            // the rest of the API's common error-code list
            "ActionOffline", "InvalidRequest", "IpInBlacklist", "IpNotInWhitelist", "NoSuchProduct",
            "ResponseSizeLimitExceeded", "DryRunOperation");

    private ErrorClassifier() {
    }

    public static FailureClass classify(String code) {
        Objects.requireNonNull(code, "code");
        if (RETRY_ONCE_AFTER_REFRESH_CODES.contains(code)) {
            return FailureClass.RETRY_ONCE_AFTER_REFRESH;
        }
        if (isThrottled(code) || inAnyFamily(code, RETRYABLE_FAMILIES)) {
            return FailureClass.RETRYABLE;
        }
        return FailureClass.PERMANENT;
    }

    /**
     * The task is already stopped: {@code ResourceNotFound}, its sub-codes that name the task
     * ({@code ResourceNotFound.Task*}), {@code FailedOperation.TaskNotExist} and
     * {@code FailedOperation.TaskFinished}. Other {@code ResourceNotFound.*} sub-codes (an SdkAppId or room
     * that does not exist) say the command points at the wrong thing, which is permanent, not a success.
     */
    public static boolean isAlreadyStopped(String code) {
        Objects.requireNonNull(code, "code");
        if (code.equals(RESOURCE_NOT_FOUND) || ALREADY_STOPPED_CODES.contains(code)) {
            return true;
        }
        String prefix = RESOURCE_NOT_FOUND + ".";
        return code.startsWith(prefix) && code.substring(prefix.length()).toLowerCase(Locale.ROOT).startsWith("task");
    }

    /**
     * Whether the code is one this table knows; an unknown code is classified permanent and kept
     * verbatim, and callers may want to flag it to operators.
     */
    public static boolean isKnown(String code) {
        Objects.requireNonNull(code, "code");
        return isAlreadyStopped(code)
                || RETRY_ONCE_AFTER_REFRESH_CODES.contains(code)
                || isThrottled(code)
                || inAnyFamily(code, RETRYABLE_FAMILIES)
                || inAnyFamily(code, PERMANENT_FAMILIES);
    }

    /** The API throttled us ({@code RequestLimitExceeded*} or a frequency limit): the caller should slow down as a whole. */
    public static boolean isThrottled(String code) {
        return inFamily(code, THROTTLED_FAMILY) || THROTTLED_CODES.contains(code);
    }

    /** The API says the request's timestamp is too far from its own clock. */
    public static boolean isClockError(String code) {
        return CLOCK_CODES.contains(code);
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
