package io.trtcstop.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per second of the rate limit's clock: accepted and throttled calls, through the Java and the admin API. */
class CallsPerSecondTest {

    private static final String DELETE = "DeleteCloudTranscription";

    private final MutableClock clock = new MutableClock(Emulators.START.plusMillis(300));
    @AutoClose
    private final TrtcEmulator emulator = Emulators.started(clock, b -> b.rateLimitPerSecond(3));
    private final TestClient client = new TestClient(emulator.endpoint(), clock);
    private final long firstSecond = Emulators.START.getEpochSecond();

    @Test
    void eachSecondCountsAcceptedAndThrottledCalls() {
        for (int i = 0; i < 5; i++) {
            client.stop("t").send();
        }
        clock.advance(Duration.ofMillis(1000));
        client.stop("t").send();

        assertThat(emulator.callsPerSecond().of(DELETE)).containsExactly(
                new CallsPerSecond.Second(firstSecond, 3, 2),
                new CallsPerSecond.Second(firstSecond + 1, 1, 0));
        assertThat(emulator.callsPerSecond().of(DELETE).getFirst().offered()).isEqualTo(5);
    }

    @Test
    void eachCallerIsCountedApartButTheLimitIsTheAccounts() {
        emulator.addKey("AKIDsecondCaller", "second-secret");
        client.stop("t").send();
        client.stop("t").send();
        client.stop("t").secretId("AKIDsecondCaller").secretKey("second-secret").send();
        client.stop("t").secretId("AKIDsecondCaller").secretKey("second-secret").send();

        assertThat(emulator.callsPerSecond().of(DELETE)).containsExactly(new CallsPerSecond.Second(firstSecond, 3, 1));
        assertThat(emulator.callsPerSecond().byCaller(DELETE)).containsOnlyKeys(TestClient.SECRET_ID, "AKIDsecondCaller");
        assertThat(emulator.callsPerSecond().byCaller(DELETE).get("AKIDsecondCaller"))
                .containsExactly(new CallsPerSecond.Second(firstSecond, 1, 1));
    }

    @Test
    void callsRefusedBeforeTheRateLimitAreNotCounted() {
        client.stop("t").secretKey("wrong").send();
        client.describe("t").send();

        assertThat(emulator.callsPerSecond().of(DELETE)).isEmpty();
        assertThat(emulator.callsPerSecond().of("DescribeCloudTranscription"))
                .containsExactly(new CallsPerSecond.Second(firstSecond, 1, 0));
    }

    @Test
    void onlyTheLastHourIsKept() {
        client.stop("t").send();
        clock.advance(Duration.ofSeconds(CallsPerSecond.KEPT_SECONDS + 1));
        client.stop("t").send();

        assertThat(emulator.callsPerSecond().of(DELETE)).extracting(CallsPerSecond.Second::epochSecond)
                .containsExactly(firstSecond + CallsPerSecond.KEPT_SECONDS + 1);
    }

    @Test
    void theAdminStatsShowThemAndResetForgetsThem() throws Exception {
        for (int i = 0; i < 4; i++) {
            client.stop("t").send();
        }

        JsonNode seconds = stats().path("CallsPerSecond").path(DELETE);
        assertThat(seconds).hasSize(1);
        assertThat(seconds.get(0).path("Second").longValue()).isEqualTo(firstSecond);
        assertThat(seconds.get(0).path("Accepted").longValue()).isEqualTo(3);
        assertThat(seconds.get(0).path("Throttled").longValue()).isEqualTo(1);

        emulator.reset();
        assertThat(stats().path("CallsPerSecond").isEmpty()).isTrue();
    }

    private JsonNode stats() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/admin/stats")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonCodec.MAPPER.readTree(response.body());
    }
}
