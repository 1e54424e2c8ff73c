package io.trtcstop.emulator;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar trtc-emulator.jar}: runs the emulator until interrupted (Ctrl-C or SIGTERM). */
@Command(name = "trtc-emulator", mixinStandardHelpOptions = true, version = "trtc-emulator 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A local stand-in for Tencent Cloud's TRTC API 3.0 endpoint (TC3 signatures, task registry, "
                + "rate limit, fault injection), with a JSON admin API under /admin/.")
public final class EmulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8089",
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--secret-id", defaultValue = "${env:TENCENTCLOUD_SECRET_ID}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "The SecretId whose signatures are accepted (default: $TENCENTCLOUD_SECRET_ID).")
    String secretId;

    @Option(names = "--secret-key", defaultValue = "${env:TENCENTCLOUD_SECRET_KEY}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Its SecretKey (default: $TENCENTCLOUD_SECRET_KEY; never printed).")
    String secretKey;

    @Option(names = "--session-token", defaultValue = "${env:TENCENTCLOUD_SESSION_TOKEN}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Treat the keys as temporary: every call must send this X-TC-Token "
                    + "(default: $TENCENTCLOUD_SESSION_TOKEN; never printed).")
    String sessionToken;

    @Option(names = "--rate-limit", defaultValue = "20", paramLabel = "N",
            description = "Requests per second per action; 0 = off (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--clock-offset-ms", defaultValue = "0", paramLabel = "MS",
            description = "The API's clock this far ahead of the host's (negative: behind): its rate-limit windows "
                    + "and signature expiry; also PUT /admin/clock (default: ${DEFAULT-VALUE}).")
    long clockOffsetMs;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Fixed latency of every API call (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--latency-jitter-ms", defaultValue = "0", paramLabel = "MS",
            description = "Random extra latency, uniform in [0, MS] (default: ${DEFAULT-VALUE}).")
    long latencyJitterMs;

    @Option(names = "--error", paramLabel = "CODE=PROBABILITY",
            description = "Answer this share of calls with an API error code, e.g. InternalError=0.1. Repeatable.")
    Map<String, Double> errors = new LinkedHashMap<>();

    @Option(names = "--http-5xx-probability", defaultValue = "0", paramLabel = "P",
            description = "Share of calls answered HTTP 500/502/503/504 (default: ${DEFAULT-VALUE}).")
    double http5xxProbability;

    @Option(names = "--drop-connection-probability", defaultValue = "0", paramLabel = "P",
            description = "Share of calls whose connection is closed without an answer "
                    + "(default: ${DEFAULT-VALUE}).")
    double dropConnectionProbability;

    @Option(names = "--hang-probability", defaultValue = "0", paramLabel = "P",
            description = "Share of calls not answered for --hang-seconds (default: ${DEFAULT-VALUE}).")
    double hangProbability;

    @Option(names = "--hang-seconds", defaultValue = "600", paramLabel = "S",
            description = "How long a hanging call waits before its connection is closed (default: ${DEFAULT-VALUE}).")
    long hangSeconds;

    @Option(names = "--malformed-body-probability", defaultValue = "0", paramLabel = "P",
            description = "Share of calls answered HTTP 200 with a body not in the API's shape "
                    + "(default: ${DEFAULT-VALUE}).")
    double malformedBodyProbability;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for TaskIds, jitter and random faults, for reproducible runs.")
    Long seed;

    @Option(names = "--tasks", defaultValue = "0", paramLabel = "N",
            description = "Create N running tasks at start and print their TaskIds (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--sdk-app-id", defaultValue = "1400000000", paramLabel = "ID",
            description = "SdkAppId of the tasks made by --tasks (default: ${DEFAULT-VALUE}).")
    long sdkAppId;

    @Option(names = "--cvm-role", paramLabel = "NAME",
            description = "Serve this CAM role's temporary credentials on the CVM instance-metadata paths "
                    + "(/latest/meta-data/cam/security-credentials/).")
    String cvmRole;

    @Option(names = "--oidc-provider-id", paramLabel = "ID",
            description = "With --oidc-role-arn and --oidc-web-identity-token: answer STS AssumeRoleWithWebIdentity "
                    + "for this identity provider.")
    String oidcProviderId;

    @Option(names = "--oidc-role-arn", paramLabel = "ARN", description = "The role STS lets OIDC callers assume.")
    String oidcRoleArn;

    @Option(names = "--oidc-web-identity-token", paramLabel = "TOKEN",
            description = "The web identity token STS accepts (never printed).")
    String oidcWebIdentityToken;

    @Option(names = "--temporary-credential-seconds", paramLabel = "S",
            description = "Longest life of temporary credentials from STS or the instance metadata "
                    + "(default: as requested, 2 hours).")
    Long temporaryCredentialSeconds;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmulatorCommand()).execute(args));
    }

    /** Builds and starts the emulator described by the options (used by {@link #call()} and by tests). */
    TrtcEmulator startEmulator() {
        if (secretId == null || secretId.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--secret-id and --secret-key (or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY) "
                            + "are required");
        }
        if (tasks < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tasks must not be negative");
        }
        if (tasks > 0 && !SdkAppIds.valid(sdkAppId)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sdk-app-id must be from " + SdkAppIds.MIN + " to " + SdkAppIds.MAX);
        }
        boolean anyOidc = oidcProviderId != null || oidcRoleArn != null || oidcWebIdentityToken != null;
        if (anyOidc && (oidcProviderId == null || oidcRoleArn == null || oidcWebIdentityToken == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--oidc-provider-id, --oidc-role-arn and --oidc-web-identity-token go together");
        }
        TrtcEmulator emulator;
        try {
            TrtcEmulator.Builder builder = TrtcEmulator.builder();
            if (anyOidc) {
                builder.oidc(oidcProviderId, oidcRoleArn, oidcWebIdentityToken);
            }
            if (cvmRole != null) {
                builder.cvmRole(cvmRole);
            }
            if (temporaryCredentialSeconds != null) {
                builder.temporaryCredentialLifetime(Duration.ofSeconds(temporaryCredentialSeconds));
            }
            emulator = builder
                    .host(host)
                    .port(port)
                    .credentials(secretId, secretKey)
                    .sessionToken(sessionToken)
                    .rateLimitPerSecond(rateLimit)
                    .clockOffset(Duration.ofMillis(clockOffsetMs))
                    .random(seed == null ? new SplittableRandom() : new SplittableRandom(seed))
                    .hangDuration(Duration.ofSeconds(hangSeconds))
                    .build();
            FaultPlan faults = emulator.faults()
                    .latency(Duration.ofMillis(latencyMs), Duration.ofMillis(latencyJitterMs))
                    .http5xxProbability(http5xxProbability)
                    .dropConnectionProbability(dropConnectionProbability)
                    .hangProbability(hangProbability)
                    .malformedBodyProbability(malformedBodyProbability);
            errors.forEach(faults::errorProbability);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return emulator.start();
    }

    @Override
    public Integer call() throws InterruptedException {
        TrtcEmulator emulator = startAndAnnounce();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "trtc-emulator-shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts the emulator, creates the --tasks, and prints where it listens and the TaskIds. */
    TrtcEmulator startAndAnnounce() {
        TrtcEmulator emulator = startEmulator();
        PrintWriter out = spec.commandLine().getOut();
        out.println(listeningLine(emulator));
        for (int i = 1; i <= tasks; i++) {
            String roomId = "room-" + i;
            out.println("task " + emulator.createTask(sdkAppId, roomId) + " SdkAppId=" + sdkAppId
                    + " RoomId=" + roomId);
        }
        out.flush();
        return emulator;
    }

    String listeningLine(TrtcEmulator emulator) {
        return "TRTC emulator listening on " + emulator.endpoint() + " (SecretId " + secretId
                + (sessionToken == null || sessionToken.isEmpty() ? "" : ", session token required")
                + ", rate limit " + (rateLimit == 0 ? "off" : rateLimit + "/s per action")
                + (oidcRoleArn == null ? "" : ", STS AssumeRoleWithWebIdentity for " + oidcRoleArn)
                + (cvmRole == null ? "" : ", CVM role " + cvmRole + " in the instance metadata")
                + "; admin API at " + emulator.endpoint() + "/admin/)";
    }
}
