package io.trtcstop.worker.observability;

import java.util.Set;

/**
 * The value of a {@code code} tag. Error codes come from the API's answers, and a server (or anything posing as one)
 * can send any number of distinct codes; each tag value is a new time series, with histogram buckets on the call
 * timer. So only the codes of the API reference's error-code table ({@code shared/reference/tencent-cloud-api.md},
 * {@code worker/ERROR-CODES.md}) and the worker's own keep their name; every other code is tagged {@link #OTHER}.
 * The code itself stays in the log, the outcome and the dead letter.
 */
final class ApiCodeTag {

    /** The tag of every code not in {@link #KNOWN}. */
    static final String OTHER = "Other";

    private static final Set<String> KNOWN = Set.of(
            // answers that are not errors
            MeteredStopCall.OK, MeteredStopCall.RESOURCE_NOT_FOUND,
            // throttled
            "RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RequestLimitExceeded.IPLimitExceeded",
            "FailedOperation.RestrictedFrequency", "OperationDenied.FreqOverLimit",
            // transient
            "InternalError", "InternalError.CTInternalError", "ServiceUnavailable", "ResourceUnavailable",
            "ResourceInsufficient", "ResourceInUse",
            // credentials and permissions
            "AuthFailure.SignatureExpire", "AuthFailure.TokenFailure", "AuthFailure.SignatureFailure",
            "AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId", "AuthFailure.InvalidAuthorization",
            "AuthFailure.MFAFailure", "AuthFailure.UnauthorizedOperation", "AuthFailure.UnRealNameAuthenticated",
            "AuthFailure.UnsupportedOperation", "UnauthorizedOperation", "FailedOperation.RequestOutdated",
            // the request can never succeed as sent
            "InvalidParameter", "InvalidParameterValue", "MissingParameter", "UnknownParameter", "InvalidAction",
            "NoSuchVersion", "UnsupportedRegion", "UnsupportedOperation", "UnsupportedProtocol", "FailedOperation",
            "FailedOperation.CTUnsupportMethod", "FailedOperation.TaskNotExist", "FailedOperation.TaskFinished",
            "LimitExceeded", "RequestSizeLimitExceeded", "OperationDenied", "ActionOffline", "InvalidRequest",
            "IpInBlacklist", "IpNotInWhitelist", "NoSuchProduct", "ResponseSizeLimitExceeded", "DryRunOperation",
            // the worker's own
            "Transport.Timeout", "Transport.Connect", "Transport.Io", "Transport.Interrupted", "Transport.HttpStatus",
            "Transport.MalformedResponse", "Credentials.Unavailable", "Worker.UnexpectedError",
            "InvalidCommand.NullValue", "InvalidCommand.TooLarge", "InvalidCommand.NotJson", "InvalidCommand.Schema");

    private ApiCodeTag() {
    }

    static String of(String code) {
        return code != null && KNOWN.contains(code) ? code : OTHER;
    }
}
