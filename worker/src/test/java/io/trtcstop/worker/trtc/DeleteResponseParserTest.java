package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteResponseParserTest {

    private static final Credentials CREDENTIALS = new Credentials("AKIDexample", "s3cr3tKeyValue", "t0kenValue");

    @Test
    void successIsStopped() {
        DeleteResult result = parse(200, "{\"Response\":{\"TaskId\":\"task-from-api\",\"RequestId\":\"req-1\"}}");
        assertThat(result).isEqualTo(new DeleteResult.Stopped("task-from-api", "req-1"));
    }

    @Test
    void successWithoutTaskIdReportsTheRequestedOne() {
        assertThat(parse(200, "{\"Response\":{\"RequestId\":\"req-1\"}}"))
                .isEqualTo(new DeleteResult.Stopped("task-1", "req-1"));
    }

    @Test
    void resourceNotFoundIsAlreadyStopped() {
        DeleteResult result = parse(200,
                "{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound\",\"Message\":\"task not found\"},\"RequestId\":\"req-2\"}}");
        assertThat(result).isEqualTo(new DeleteResult.AlreadyStopped("req-2", "task not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FailedOperation.TaskNotExist", "FailedOperation.TaskFinished", "ResourceNotFound.TaskNotExist"})
    void otherTaskIsGoneCodesAreAlreadyStoppedAndNamedInTheMessage(String code) {
        assertThat(parse(200, error(code, "gone", "req-8"))).isEqualTo(new DeleteResult.AlreadyStopped("req-8", code + ": gone"));
    }

    @Test
    void resourceNotFoundOfSomethingElseThanTheTaskIsAPermanentFailure() {
        assertThat(parse(200, error("ResourceNotFound.SdkAppId", "no such app", "req-9")))
                .isEqualTo(new DeleteResult.Failed("ResourceNotFound.SdkAppId", "no such app", "req-9", FailureClass.PERMANENT));
    }

    @Test
    void frequencyLimitsOutsideRequestLimitExceededAreThrottled() {
        for (String code : new String[] {"FailedOperation.RestrictedFrequency", "OperationDenied.FreqOverLimit"}) {
            DeleteResult.Failed failed = (DeleteResult.Failed) parse(200, error(code, "too often", "req-10"));
            assertThat(failed.failureClass()).as(code).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.throttled()).as(code).isTrue();
        }
    }

    @Test
    void apiErrorsKeepCodeMessageAndRequestIdAndAreClassified() {
        assertThat(parse(200, error("InternalError.CTInternalError", "boom", "req-3")))
                .isEqualTo(new DeleteResult.Failed("InternalError.CTInternalError", "boom", "req-3", FailureClass.RETRYABLE));
        assertThat(parse(200, error("AuthFailure.SignatureFailure", "bad sig", "req-4")))
                .isEqualTo(new DeleteResult.Failed("AuthFailure.SignatureFailure", "bad sig", "req-4", FailureClass.PERMANENT));
        assertThat(parse(200, error("AuthFailure.SignatureExpire", "old", "req-5")))
                .isEqualTo(new DeleteResult.Failed("AuthFailure.SignatureExpire", "old", "req-5",
                        FailureClass.RETRY_ONCE_AFTER_REFRESH));
        assertThat(parse(200, error("BrandNew.Code", "?", "req-6")))
                .isEqualTo(new DeleteResult.Failed("BrandNew.Code", "?", "req-6", FailureClass.PERMANENT));
    }

    @Test
    void throttlingIsRetryableAndThrottled() {
        DeleteResult.Failed failed = (DeleteResult.Failed) parse(200,
                error("RequestLimitExceeded.UinLimitExceeded", "too many", "req-7"));
        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(failed.throttled()).isTrue();
    }

    @Test
    void errorWithoutMessageOrRequestIdIsStillAnApiError() {
        assertThat(parse(200, "{\"Response\":{\"Error\":{\"Code\":\"InternalError\"}}}"))
                .isEqualTo(new DeleteResult.Failed("InternalError", "", null, FailureClass.RETRYABLE));
    }

    @Test
    void non200IsHttpStatusWithAShortExcerptOfTheBody() {
        String body = "<html>" + "x".repeat(1000) + "</html>";
        DeleteResult.Failed failed = (DeleteResult.Failed) parse(503, body);
        assertThat(failed.code()).isEqualTo("Transport.HttpStatus");
        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(failed.requestId()).isNull();
        assertThat(failed.message()).startsWith("HTTP 503: <html>xxx").hasSizeLessThan(230);
    }

    @Test
    void non200EvenWithAnApiShapedBodyIsATransportFailure() {
        DeleteResult.Failed failed = (DeleteResult.Failed) parse(502, "{\"Response\":{\"RequestId\":\"r\"}}");
        assertThat(failed.code()).isEqualTo("Transport.HttpStatus");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "<html>bad gateway</html>",
            "[]",
            "null",
            "{}",
            "{\"response\":{\"RequestId\":\"r\"}}",
            "{\"Response\":\"ok\"}",
            "{\"Response\":{}}",
            "{\"Response\":{\"RequestId\":\"\"}}",
            "{\"Response\":{\"RequestId\":42}}",
            "{\"Response\":{\"TaskId\":7,\"RequestId\":\"r\"}}",
            "{\"Response\":{\"Error\":\"oops\",\"RequestId\":\"r\"}}",
            "{\"Response\":{\"Error\":{\"Message\":\"no code\"},\"RequestId\":\"r\"}}",
            "{\"Response\":{\"Error\":{\"Code\":5},\"RequestId\":\"r\"}}",
            "{\"Response\":{\"Error\":{\"Code\":\"Bad\\nCode\"},\"RequestId\":\"r\"}}",
            "{\"Response\":{\"TaskId\":\"t\",\"RequestId\":\"r\"}} trailing",
            "{\"Response\":{\"TaskId\":\"t\",\"RequestId\":\"r\"",
    })
    void anythingElseIsAMalformedResponse(String body) {
        DeleteResult result = parse(200, body);
        assertThat(result).isInstanceOfSatisfying(DeleteResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("Transport.MalformedResponse");
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.message()).isNotBlank().doesNotContain("\n");
        });
    }

    @Test
    void secretsEchoedByTheServerAreBlankedOut() {
        DeleteResult api = parse(200, error("AuthFailure.TokenFailure", "token t0kenValue rejected for key s3cr3tKeyValue", "r"));
        DeleteResult status = parse(400, "X-TC-Token: t0kenValue");
        DeleteResult malformed = parse(200, "echo s3cr3tKeyValue");
        for (DeleteResult result : new DeleteResult[] {api, status, malformed}) {
            assertThat(result.toString()).doesNotContain("t0kenValue", "s3cr3tKeyValue").contains("***");
        }
    }

    @Test
    void controlCharactersInServerTextAreFlattened() {
        DeleteResult.Failed failed = (DeleteResult.Failed) parse(200, error("InternalError", "line1\nline2\r\tend", "r"));
        assertThat(failed.message()).isEqualTo("line1 line2  end");
    }

    private static String error(String code, String message, String requestId) {
        return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message.replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t") + "\"},\"RequestId\":\"" + requestId + "\"}}";
    }

    private static DeleteResult parse(int status, String body) {
        return DeleteResponseParser.parse(status, body.getBytes(StandardCharsets.UTF_8), "task-1", CREDENTIALS);
    }
}
