package io.trtcstop.worker.trtc;

import static io.trtcstop.worker.trtc.FailureClass.PERMANENT;
import static io.trtcstop.worker.trtc.FailureClass.RETRYABLE;
import static io.trtcstop.worker.trtc.FailureClass.RETRY_ONCE_AFTER_REFRESH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // throttling
            "RequestLimitExceeded, RETRYABLE",
            "RequestLimitExceeded.UinLimitExceeded, RETRYABLE",
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded, RETRYABLE",
            "RequestLimitExceeded.IPLimitExceeded, RETRYABLE",
            "FailedOperation.RestrictedFrequency, RETRYABLE",
            "OperationDenied.FreqOverLimit, RETRYABLE",
            // server trouble
            "InternalError, RETRYABLE",
            "InternalError.CTInternalError, RETRYABLE",
            "ServiceUnavailable, RETRYABLE",
            "ResourceUnavailable, RETRYABLE",
            "ResourceUnavailable.Something, RETRYABLE",
            "ResourceInsufficient, RETRYABLE",
            "ResourceInsufficient.Something, RETRYABLE",
            "ResourceInUse, RETRYABLE",
            "ResourceInUse.Something, RETRYABLE",
            // the worker's own codes
            "Transport.Timeout, RETRYABLE",
            "Transport.Connect, RETRYABLE",
            "Transport.Io, RETRYABLE",
            "Transport.HttpStatus, RETRYABLE",
            "Transport.MalformedResponse, RETRYABLE",
            "Transport.Interrupted, RETRYABLE",
            "Credentials.Unavailable, RETRYABLE",
            // fixable by re-signing or reloading credentials, once
            "AuthFailure.SignatureExpire, RETRY_ONCE_AFTER_REFRESH",
            "AuthFailure.TokenFailure, RETRY_ONCE_AFTER_REFRESH",
            "FailedOperation.RequestOutdated, RETRY_ONCE_AFTER_REFRESH",
            "AuthFailure.SecretIdNotFound, RETRY_ONCE_AFTER_REFRESH",
            // credentials and permissions
            "AuthFailure, PERMANENT",
            "AuthFailure.SignatureFailure, PERMANENT",
            "AuthFailure.InvalidSecretId, PERMANENT",
            "AuthFailure.InvalidAuthorization, PERMANENT",
            "AuthFailure.MFAFailure, PERMANENT",
            "AuthFailure.UnauthorizedOperation, PERMANENT",
            "AuthFailure.UnRealNameAuthenticated, PERMANENT",
            "AuthFailure.UnsupportedOperation, PERMANENT",
            "UnauthorizedOperation, PERMANENT",
            "UnauthorizedOperation.Something, PERMANENT",
            // the request can never succeed as sent
            "InvalidParameter, PERMANENT",
            "InvalidParameter.OutOfRange, PERMANENT",
            "InvalidParameter.SdkAppId, PERMANENT",
            "InvalidParameterValue, PERMANENT",
            "InvalidParameterValue.Something, PERMANENT",
            "MissingParameter.RoomId, PERMANENT",
            "MissingParameter.SdkAppId, PERMANENT",
            "MissingParameter.TaskId, PERMANENT",
            "MissingParameter.UserId, PERMANENT",
            "UnknownParameter, PERMANENT",
            "InvalidAction, PERMANENT",
            "NoSuchVersion, PERMANENT",
            "UnsupportedRegion, PERMANENT",
            "UnsupportedOperation, PERMANENT",
            "UnsupportedOperation.Something, PERMANENT",
            "UnsupportedProtocol, PERMANENT",
            "FailedOperation, PERMANENT",
            "FailedOperation.CTUnsupportMethod, PERMANENT",
            "LimitExceeded, PERMANENT",
            "LimitExceeded.Something, PERMANENT",
            "RequestSizeLimitExceeded, PERMANENT",
            "OperationDenied, PERMANENT",
            "OperationDenied.Something, PERMANENT",
            // sub-codes of ResourceNotFound that do not name the task: the command points at the wrong thing
            "ResourceNotFound.SdkAppId, PERMANENT",
            "ResourceNotFound.RoomNotExist, PERMANENT",
            // the rest of the common error-code list
            "ActionOffline, PERMANENT",
            "InvalidRequest, PERMANENT",
            "IpInBlacklist, PERMANENT",
            "IpNotInWhitelist, PERMANENT",
            "NoSuchProduct, PERMANENT",
            "ResponseSizeLimitExceeded, PERMANENT",
            "DryRunOperation, PERMANENT",
    })
    void classifiesEveryKnownFamily(String code, FailureClass expected) {
        assertThat(ErrorClassifier.classify(code)).isEqualTo(expected);
        assertThat(ErrorClassifier.isKnown(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SomethingNew", "Weird.Code", "", "requestlimitexceeded",
            "InternalErrorish", "RequestLimitExceededX", "Transports.Timeout", "AuthFailure.SignatureExpireSoon"})
    void unknownCodesArePermanent(String code) {
        assertThat(ErrorClassifier.classify(code)).isEqualTo(PERMANENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SomethingNew", "Weird.Code", "ResourceNotFoundish", "InternalErrorish", "Ip"})
    void unknownCodesAreReportedAsUnknown(String code) {
        assertThat(ErrorClassifier.isKnown(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RequestLimitExceeded.IPLimitExceeded",
            "FailedOperation.RestrictedFrequency", "OperationDenied.FreqOverLimit"})
    void throttlingCodesAreThrottled(String code) {
        assertThat(ErrorClassifier.isThrottled(code)).isTrue();
        assertThat(new DeleteResult.Failed(code, "slow down", "req-1", RETRYABLE).throttled()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"InternalError", "RequestLimitExceededX", "LimitExceeded", "Transport.Timeout",
            "FailedOperation", "OperationDenied", "FailedOperation.RestrictedConcurrency"})
    void otherCodesAreNotThrottled(String code) {
        assertThat(new DeleteResult.Failed(code, "", null, ErrorClassifier.classify(code)).throttled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AuthFailure.SignatureExpire", "AuthFailure.TokenFailure",
            "FailedOperation.RequestOutdated", "AuthFailure.SecretIdNotFound"})
    void refreshCodesAreExactCodes(String code) {
        assertThat(ErrorClassifier.classify(code + ".More")).isEqualTo(PERMANENT);
        assertThat(ErrorClassifier.classify(code)).isEqualTo(RETRY_ONCE_AFTER_REFRESH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ResourceNotFound", "ResourceNotFound.TaskNotExist", "ResourceNotFound.TaskId",
            "FailedOperation.TaskNotExist", "FailedOperation.TaskFinished"})
    void taskIsGoneCodesMeanAlreadyStopped(String code) {
        assertThat(ErrorClassifier.isAlreadyStopped(code)).isTrue();
        assertThat(ErrorClassifier.isKnown(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ResourceNotFound.SdkAppId", "ResourceNotFound.RoomNotExist", "ResourceNotFoundTask",
            "FailedOperation", "FailedOperation.TaskExist", "FailedOperation.TaskNotExistX"})
    void otherCodesAreNotAlreadyStopped(String code) {
        assertThat(ErrorClassifier.isAlreadyStopped(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AuthFailure.SignatureExpire", "FailedOperation.RequestOutdated"})
    void clockCodesAreClockErrors(String code) {
        assertThat(ErrorClassifier.isClockError(code)).isTrue();
        assertThat(ErrorClassifier.isClockError("AuthFailure.TokenFailure")).isFalse();
    }
}
