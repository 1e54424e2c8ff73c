package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteResponseParserTest {

    private static final Credentials CREDENTIALS = new Credentials("AKIDexample", "s3cr3tKeyValue", "t0kenValue");

    @Test
    void successIsStopped() {
        DeleteResult result = parse(200, "{\"Response\":{\"TaskId\":\"task-from-api\",\"RequestId\":\"768c7bde-70a1-4b3c-9d2e-000000000001\"}}");
        assertThat(result).isEqualTo(new DeleteResult.Stopped("task-from-api", "768c7bde-70a1-4b3c-9d2e-000000000001"));
    }

    @Test
    void successWithoutTaskIdReportsTheRequestedOne() {
        assertThat(parse(200, "{\"Response\":{\"RequestId\":\"768c7bde-70a1-4b3c-9d2e-000000000001\"}}"))
                .isEqualTo(new DeleteResult.Stopped("task-1", "768c7bde-70a1-4b3c-9d2e-000000000001"));
    }

    @Test
    void resourceNotFoundIsAlreadyStopped() {
        DeleteResult result = parse(200,
                "{\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound\",\"Message\":\"task not found\"},\"RequestId\":\"768c7bde-70a1-4b3c-9d2e-000000000002\"}}");
        assertThat(result).isEqualTo(new DeleteResult.AlreadyStopped("768c7bde-70a1-4b3c-9d2e-000000000002", "task not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FailedOperation.TaskNotExist", "FailedOperation.TaskFinished", "ResourceNotFound.TaskNotExist"})
    void otherTaskIsGoneCodesAreAlreadyStoppedAndNamedInTheMessage(String code) {
        assertThat(parse(200, error(code, "gone", "768c7bde-70a1-4b3c-9d2e-000000000008"))).isEqualTo(new DeleteResult.AlreadyStopped("768c7bde-70a1-4b3c-9d2e-000000000008", code + ": gone"));
    }

    @Test
    void resourceNotFoundOfSomethingElseThanTheTaskIsAPermanentFailure() {
        assertThat(parse(200, error("ResourceNotFound.SdkAppId", "no such app", "768c7bde-70a1-4b3c-9d2e-000000000009")))
                .isEqualTo(new DeleteResult.Failed("ResourceNotFound.SdkAppId", "no such app", "768c7bde-70a1-4b3c-9d2e-000000000009", FailureClass.PERMANENT));
    }

    @Test
    void frequencyLimitsOutsideRequestLimitExceededAreThrottled() {
        for (String code : new String[] {"FailedOperation.RestrictedFrequency", "OperationDenied.FreqOverLimit"}) {
            DeleteResult.Failed failed = (DeleteResult.Failed) parse(200, error(code, "too often", "768c7bde-70a1-4b3c-9d2e-000000000010"));
            assertThat(failed.failureClass()).as(code).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.throttled()).as(code).isTrue();
        }
    }

    @Test
    void apiErrorsKeepCodeMessageAndRequestIdAndAreClassified() {
        assertThat(parse(200, error("InternalError.CTInternalError", "boom", "768c7bde-70a1-4b3c-9d2e-000000000003")))
                .isEqualTo(new DeleteResult.Failed("InternalError.CTInternalError", "boom", "768c7bde-70a1-4b3c-9d2e-000000000003", FailureClass.RETRYABLE));
        assertThat(parse(200, error("AuthFailure.SignatureFailure", "bad sig", "768c7bde-70a1-4b3c-9d2e-000000000004")))
                .isEqualTo(new DeleteResult.Failed("AuthFailure.SignatureFailure", "bad sig", "768c7bde-70a1-4b3c-9d2e-000000000004", FailureClass.PERMANENT));
        assertThat(parse(200, error("AuthFailure.SignatureExpire", "old", "768c7bde-70a1-4b3c-9d2e-000000000005")))
                .isEqualTo(new DeleteResult.Failed("AuthFailure.SignatureExpire", "old", "768c7bde-70a1-4b3c-9d2e-000000000005",
                        FailureClass.RETRY_ONCE_AFTER_REFRESH));
        assertThat(parse(200, error("BrandNew.Code", "?", "768c7bde-70a1-4b3c-9d2e-000000000006")))
                .isEqualTo(new DeleteResult.Failed("BrandNew.Code", "?", "768c7bde-70a1-4b3c-9d2e-000000000006", FailureClass.PERMANENT));
    }

    @Test
    void throttlingIsRetryableAndThrottled() {
        DeleteResult.Failed failed = (DeleteResult.Failed) parse(200,
                error("RequestLimitExceeded.UinLimitExceeded", "too many", "768c7bde-70a1-4b3c-9d2e-000000000007"));
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

    @ParameterizedTest
    @ValueSource(strings = {"768c7bde-70a1-4b3c-9d2e-e81f21cb1599", "768C7BDE-70A1-4B3C-9D2E-E81F21CB1599"})
    void aRequestIdInTheApisUuidFormatIsKept(String requestId) {
        assertThat(parse(200, answer(Map.of("RequestId", requestId))).requestId()).isEqualTo(requestId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"req-1", "768c7bde-70a1-4b3c-9d2e-e81f21cb15990", "768c7bde-70a1-4b3c-9d2e-e81f21cb159g",
            "768c7bde-70a1-4b3c-9d2e-e81f21cb1599\n", "\u001b[2J768c7bde-70a1-4b3c-9d2e-e81f21cb1599",
            "768c7bde\u202e70a1-4b3c-9d2e-e81f21cb1599", "{0}-huge"})
    void aRequestIdThatIsNotTheApisUuidIsDroppedWithAWarningThatShowsItEscapedAndShort(String template) {
        String requestId = template.replace("{0}", "x".repeat(100_000));
        List<Map<String, Object>> answers = List.of(
                Map.of("TaskId", "task-1", "RequestId", requestId),
                Map.of("Error", Map.of("Code", "ResourceNotFound", "Message", "gone"), "RequestId", requestId),
                Map.of("Error", Map.of("Code", "InternalError", "Message", "boom"), "RequestId", requestId));
        for (Map<String, Object> answer : answers) {
            Logger logger = (Logger) LoggerFactory.getLogger(DeleteResponseParser.class.getPackageName());
            ListAppender<ILoggingEvent> logs = new ListAppender<>();
            logs.start();
            logger.addAppender(logs);
            DeleteResult result;
            try {
                result = parse(200, answer(answer));
            } finally {
                logger.detachAppender(logs);
            }
            assertThat(result.requestId()).as("%s", answer).isNull();
            assertThat(result).as("still the API's answer")
                    .satisfiesAnyOf(r -> assertThat(r).isInstanceOf(DeleteResult.Stopped.class),
                            r -> assertThat(r).isInstanceOf(DeleteResult.AlreadyStopped.class),
                            r -> assertThat(((DeleteResult.Failed) r).code()).isEqualTo("InternalError"));
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("RequestId").hasSizeLessThan(300)
                        .doesNotContainPattern("[\\p{Cntrl}\\u2028\\u202e]");
            });
        }
    }

    private static String answer(Map<String, Object> response) {
        return JsonMapper.builder().build().writeValueAsString(Map.of("Response", response));
    }

    private static String error(String code, String message, String requestId) {
        return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message.replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t") + "\"},\"RequestId\":\"" + requestId + "\"}}";
    }

    private static DeleteResult parse(int status, String body) {
        return DeleteResponseParser.parse(status, body.getBytes(StandardCharsets.UTF_8), "task-1", CREDENTIALS);
    }
}
