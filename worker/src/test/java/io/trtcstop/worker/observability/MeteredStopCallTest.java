package io.trtcstop.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.trtcstop.worker.command.StopCommand;
import io.trtcstop.worker.trtc.DeleteResult;
import io.trtcstop.worker.trtc.FailureClass;
import io.trtcstop.worker.trtc.Region;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeteredStopCallTest {

    private final WorkerMetrics metrics = WorkerMetrics.inMemory();
    private final MeterRegistry registry = metrics.registry();
    private final AtomicLong nanos = new AtomicLong();
    private final Queue<DeleteResult> answers = new ArrayDeque<>();
    private final MeteredStopCall call = new MeteredStopCall(command -> {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
        return answers.remove();
    }, metrics, nanos::get);

    private static StopCommand command(String task) {
        return new StopCommand(1400000001L, task, Region.AP_SINGAPORE, null, null, null);
    }

    private double calls(String code) {
        var timer = registry.find("trtc.stop.api.call.duration").tag("code", code).timer();
        return timer == null ? 0 : timer.count();
    }

    private double retries(String code) {
        var counter = registry.find("trtc.stop.api.retries").tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void countsEveryCallByAnswerCodeWithItsLatency() {
        answers.addAll(List.of(new DeleteResult.Stopped("t1", "r1"), new DeleteResult.AlreadyStopped("r2", "gone"),
                new DeleteResult.Failed("AuthFailure.SecretIdNotFound", "no", "r3", FailureClass.PERMANENT)));
        call.stop(command("t1"));
        call.stop(command("t2"));
        call.stop(command("t3"));
        assertThat(calls("OK")).isEqualTo(1);
        assertThat(calls("ResourceNotFound")).isEqualTo(1);
        assertThat(calls("AuthFailure.SecretIdNotFound")).isEqualTo(1);
        assertThat(registry.find("trtc.stop.api.call.duration").tag("code", "OK").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.find("trtc.stop.api.retries").counters()).as("no call was repeated").isEmpty();
    }

    @Test
    void aCallAfterAFailedOneForTheSameCommandIsARetryTaggedWithTheCauseOfIt() {
        StopCommand same = command("t1");
        answers.addAll(List.of(
                new DeleteResult.Failed("InternalError", "boom", "r1", FailureClass.RETRYABLE),
                new DeleteResult.Failed("RequestLimitExceeded", "slow", "r2", FailureClass.RETRYABLE),
                new DeleteResult.Stopped("t1", "r3")));
        call.stop(same);
        call.stop(same);
        call.stop(same);
        assertThat(retries("InternalError")).isEqualTo(1);
        assertThat(retries("RequestLimitExceeded")).isEqualTo(1);
        assertThat(calls("RequestLimitExceeded")).isEqualTo(1);
    }

    @Test
    void aNewCommandAfterAFailureIsNoRetry() {
        answers.addAll(List.of(new DeleteResult.Failed("InternalError", "boom", null, FailureClass.RETRYABLE),
                new DeleteResult.Stopped("t2", "r2")));
        call.stop(command("t1"));
        call.stop(command("t2"));
        assertThat(registry.find("trtc.stop.api.retries").counters()).isEmpty();
    }

    @Test
    void aServerSendingAThousandDistinctCodesYieldsABoundedNumberOfMeters() {
        int before = registry.getMeters().size();
        StopCommand same = command("t1");
        for (int i = 0; i < 1000; i++) {
            answers.add(new DeleteResult.Failed("InvalidParameter.Forged" + i, "no", "r" + i, FailureClass.PERMANENT));
            answers.add(new DeleteResult.Failed("Made.Up" + i, "no", "r" + i, FailureClass.RETRYABLE));
        }
        for (int i = 0; i < 2000; i++) {
            DeleteResult result = call.stop(same);
            assertThat(((DeleteResult.Failed) result).code()).as("the code itself is kept for logs and outcomes")
                    .isEqualTo(i % 2 == 0 ? "InvalidParameter.Forged" + i / 2 : "Made.Up" + i / 2);
        }
        for (int i = 0; i < 1000; i++) {
            metrics.deadLettered("PERMANENT_API_ERROR", "Unheard.Of" + i);
        }
        assertThat(registry.find("trtc.stop.api.call.duration").timers()).hasSize(1);
        assertThat(calls("Other")).isEqualTo(2000);
        assertThat(retries("Other")).isEqualTo(1999);
        assertThat(registry.find("trtc.stop.dead.letters").counters()).hasSize(1);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getTag("code")).as("code tags")
                .containsOnly("Other");
        assertThat(registry.getMeters()).as("a timer with its 11 buckets and two counters, whatever the codes")
                .hasSize(before + 14);
    }

    @Test
    void theCodesOfTheReferenceTableAndTheWorkersOwnKeepTheirTag() {
        for (String code : List.of("RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded", "InternalError",
                "AuthFailure.SignatureExpire", "FailedOperation.TaskFinished", "Transport.Timeout",
                "Credentials.Unavailable", "InvalidCommand.Schema", "UnsupportedRegion")) {
            assertThat(ApiCodeTag.of(code)).isEqualTo(code);
        }
        for (String code : List.of("InternalError.Forged", "Made.Up", "requestlimitexceeded", "")) {
            assertThat(ApiCodeTag.of(code)).as(code).isEqualTo(ApiCodeTag.OTHER);
        }
    }
}
