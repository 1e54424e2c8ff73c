package io.trtcstop.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The API 3.0 endpoint ({@code POST /}). Checks run in a fixed order and the first failure answers:
 * method and Content-Type, signature (SecretId, timestamp, scope, signature, token), action, version, region,
 * rate limit, parameters. A call that passes them all meets the fault plan, then the task registry.
 * STS's {@code AssumeRoleWithWebIdentity} is answered here too (the real one is on {@code sts.tencentcloudapi.com}):
 * it is unsigned, so it skips the signature check.
 */
final class ApiEndpoint implements HttpHandler {

    static final String VERSION = "2019-07-22";
    static final Set<String> REGIONS = Set.of("ap-guangzhou", "ap-hongkong", "ap-singapore");
    /** The API's limit for a request body. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final SignatureVerifier verifier;
    private final AssumeRoleWithWebIdentity sts;
    private final Map<String, TrtcAction> actions;
    private final RequestQuota quota;
    private final FaultPlan faults;
    private final StopCallLedger ledger;
    private final CallStats stats;
    private final RandomSource random;
    private final Lifetime lifetime;
    private final Duration hangDuration;
    private final CallsPerSecond callsPerSecond;

    ApiEndpoint(SignatureVerifier verifier, AssumeRoleWithWebIdentity sts, List<TrtcAction> actions, RequestQuota quota, FaultPlan faults,
                StopCallLedger ledger, CallStats stats, RandomSource random, Lifetime lifetime,
                Duration hangDuration, CallsPerSecond callsPerSecond) {
        this.verifier = verifier;
        this.sts = sts;
        this.actions = actions.stream().collect(Collectors.toUnmodifiableMap(TrtcAction::name, Function.identity()));
        this.quota = quota;
        this.faults = faults;
        this.ledger = ledger;
        this.stats = stats;
        this.random = random;
        this.lifetime = lifetime;
        this.hangDuration = hangDuration;
        this.callsPerSecond = callsPerSecond;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            ApiCall call = new ApiCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    body == null ? new byte[0] : body, body == null ? Optional.empty() : parse(body));
            Reply reply;
            // The stop call counts as "being handled" from arrival until its answer is ready, latency included.
            StopCallLedger.InFlight inFlight = ledger.enter(call.stopTaskId().orElse(null));
            try {
                lifetime.pause(faults.drawLatency());
                reply = body == null ? tooLarge() : answer(call);
                lifetime.pause(faults.answerDelay());
            } finally {
                inFlight.close();
            }
            stats.record(call.actionLabel(), reply.outcome());
            deliver(exchange, reply);
        }
    }

    private Reply answer(ApiCall call) {
        String requestId = UUID.randomUUID().toString();
        if (!"/".equals(call.path())) {
            return TransportFaultBodies.gatewayError(404);
        }
        try {
            return run(call, requestId);
        } catch (ApiError error) {
            return apiError(error, requestId);
        }
    }

    private Reply run(ApiCall call, String requestId) {
        if (!"POST".equals(call.method())) {
            throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL,
                    "The emulator answers only POST requests with a JSON body, not " + call.method() + ".");
        }
        if (!call.hasJsonContentType()) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "Content-Type must be application/json but was "
                    + Optional.ofNullable(call.header("Content-Type")).map(v -> "'" + v + "'").orElse("missing")
                    + ".");
        }
        if (AssumeRoleWithWebIdentity.ACTION.equals(call.action())) {
            return new Reply.Send(200, TransportFaultBodies.JSON, ApiResponseBodies.success(sts.answer(call), requestId),
                    CallStats.OK);
        }
        String caller = verifier.verify(call);
        TrtcAction action = action(call.action());
        String version = call.header("X-TC-Version");
        if (!VERSION.equals(version)) {
            throw new ApiError(ApiError.NO_SUCH_VERSION, "The API version '" + version
                    + "' does not exist; TRTC's is " + VERSION + ".");
        }
        String region = call.header("X-TC-Region");
        if (region == null || !REGIONS.contains(region)) {
            throw new ApiError(ApiError.UNSUPPORTED_REGION, "The region '" + region + "' is not supported; "
                    + action.name() + " supports " + REGIONS.stream().sorted().toList() + ".");
        }
        if (!quota.tryAcquire(action.name())) {
            callsPerSecond.throttled(action.name(), caller);
            throw new ApiError(ApiError.REQUEST_LIMIT_EXCEEDED, "Your current request times equals to `"
                    + quota.limit() + "` in a second, which exceeds the frequency limit `" + quota.limit()
                    + "` for a second. Please reduce the frequency of calls.");
        }
        callsPerSecond.accepted(action.name(), caller);
        PreparedCall prepared = action.prepare(RequestParameters.from(call.json()));
        prepared.stopTaskId().ifPresent(ledger::reached);
        InjectedFault fault = faults.draw(prepared.stopTaskId().orElse(null));
        return switch (fault) {
            case InjectedFault.None none ->
                    new Reply.Send(200, TransportFaultBodies.JSON,
                            ApiResponseBodies.success(prepared.execute(), requestId), CallStats.OK);
            case InjectedFault.ErrorAnswer error ->
                    throw new ApiError(error.code(), "Injected by the TRTC emulator's fault plan.");
            case InjectedFault.HttpStatus status -> TransportFaultBodies.gatewayError(status.status());
            case InjectedFault.DropConnection drop -> new Reply.Drop(drop.token());
            case InjectedFault.Hang hang -> new Reply.Hang();
            case InjectedFault.MalformedBody malformed ->
                    TransportFaultBodies.malformed(random.nextInt(TransportFaultBodies.malformedVariants()));
            case InjectedFault.StopThenDrop lostReply -> {
                try {
                    prepared.execute();
                } catch (ApiError ignored) {
                    // Nothing to stop; the answer is lost either way.
                }
                yield new Reply.Drop(lostReply.token());
            }
        };
    }

    private TrtcAction action(String name) {
        if (name == null || name.isEmpty()) {
            throw new ApiError(ApiError.INVALID_ACTION, "The X-TC-Action header is missing; this endpoint "
                    + "implements " + actions.keySet().stream().sorted().toList() + ".");
        }
        TrtcAction action = actions.get(name);
        if (action == null) {
            throw new ApiError(ApiError.INVALID_ACTION, "The action '" + name + "' does not exist; this endpoint "
                    + "implements " + actions.keySet().stream().sorted().toList() + ".");
        }
        return action;
    }

    private void deliver(HttpExchange exchange, Reply reply) throws IOException {
        switch (reply) {
            case Reply.Send send -> send(exchange, send);
            // Closing the exchange before any response headers makes the server close the connection.
            case Reply.Drop drop -> {
            }
            case Reply.Hang hang -> lifetime.pause(hangDuration);
        }
    }

    /** Headers and body leave together with a known Content-Length (see the README about Nagle's algorithm). */
    private static void send(HttpExchange exchange, Reply.Send send) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", send.contentType());
        byte[] body = send.body();
        exchange.sendResponseHeaders(send.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Reply apiError(ApiError error, String requestId) {
        return new Reply.Send(200, TransportFaultBodies.JSON,
                ApiResponseBodies.error(error.code(), error.getMessage(), requestId), error.code());
    }

    private static Reply tooLarge() {
        return apiError(new ApiError(ApiError.REQUEST_SIZE_LIMIT_EXCEEDED,
                "The request body exceeds " + MAX_BODY_BYTES + " bytes."), UUID.randomUUID().toString());
    }

    /** The body, or null when it is larger than the API accepts. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static Optional<JsonNode> parse(byte[] body) {
        try {
            JsonNode json = JsonCodec.MAPPER.readTree(body);
            return json.isMissingNode() ? Optional.empty() : Optional.of(json);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
