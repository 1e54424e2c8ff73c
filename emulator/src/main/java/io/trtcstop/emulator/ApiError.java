package io.trtcstop.emulator;

/**
 * An API 3.0 error answer ({@code {"Response":{"Error":{"Code":..,"Message":..},"RequestId":..}}}, HTTP 200).
 * Thrown to end the handling of a request at the first check it fails, like the real service does.
 */
final class ApiError extends RuntimeException {

    static final String SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound";
    static final String SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    static final String SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    static final String TOKEN_FAILURE = "AuthFailure.TokenFailure";
    static final String INVALID_ACTION = "InvalidAction";
    static final String NO_SUCH_VERSION = "NoSuchVersion";
    static final String UNSUPPORTED_REGION = "UnsupportedRegion";
    static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    static final String INVALID_PARAMETER = "InvalidParameter";
    static final String INVALID_SDK_APP_ID = "InvalidParameter.SdkAppId";
    static final String UNKNOWN_PARAMETER = "UnknownParameter";
    static final String MISSING_SDK_APP_ID = "MissingParameter.SdkAppId";
    static final String MISSING_TASK_ID = "MissingParameter.TaskId";
    static final String MISSING_ROOM_ID = "MissingParameter.RoomId";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";
    static final String REQUEST_SIZE_LIMIT_EXCEEDED = "RequestSizeLimitExceeded";
    static final String MISSING_PARAMETER = "MissingParameter";
    // STS AssumeRoleWithWebIdentity
    static final String PARAM_ERROR = "InvalidParameter.ParamError";
    static final String ROLE_NOT_EXIST = "ResourceNotFound.RoleNotExist";
    static final String WEB_IDENTITY_TOKEN_ERROR = "InvalidParameter.WebIdentityTokenError";

    private final String code;

    ApiError(String code, String message) {
        // No stack trace: this is control flow for an expected answer, and it is built on every bad request.
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
