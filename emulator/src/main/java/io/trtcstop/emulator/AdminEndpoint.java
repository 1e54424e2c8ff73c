package io.trtcstop.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's own JSON API under {@code /admin/} (no signature): statistics, tasks, faults, scripts, rate
 * limit and reset. Bad input is HTTP 400 with {@code {"Error":"..."}}.
 */
final class AdminEndpoint implements HttpHandler {

    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String TASKS = "/admin/tasks/";
    private static final String SCRIPT = "/script";

    private record Answer(int status, JsonNode body) {
    }

    private static final class AdminError extends RuntimeException {
        private final int status;

        AdminError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final TrtcEmulator emulator;

    AdminEndpoint(TrtcEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
                if (body.length > MAX_BODY_BYTES) {
                    throw new AdminError(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
                }
                answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
            } catch (AdminError e) {
                answer = error(e.status, e.getMessage());
            } catch (IllegalArgumentException e) {
                answer = error(400, e.getMessage());
            }
            byte[] bytes = JsonCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer route(String method, String path, byte[] body) {
        if (path.equals("/admin") || path.equals("/admin/")) {
            return only(method, "GET", () -> ok(index()));
        }
        return switch (path) {
            case "/admin/stats" -> only(method, "GET", () -> ok(stats()));
            case "/admin/tasks" -> switch (method) {
                case "GET" -> ok(tasks());
                case "POST" -> createTask(json(body));
                default -> throw notAllowed(method, "GET, POST");
            };
            case "/admin/faults" -> switch (method) {
                case "GET" -> ok(faults());
                case "PUT" -> replaceFaults(json(body));
                default -> throw notAllowed(method, "GET, PUT");
            };
            case "/admin/rate-limit" -> switch (method) {
                case "GET" -> ok(rateLimit());
                case "PUT" -> setRateLimit(json(body));
                default -> throw notAllowed(method, "GET, PUT");
            };
            case "/admin/clock" -> switch (method) {
                case "GET" -> ok(clock());
                case "PUT" -> setClock(json(body));
                default -> throw notAllowed(method, "GET, PUT");
            };
            case "/admin/reset" -> only(method, "POST", () -> {
                emulator.reset();
                return ok(JsonCodec.MAPPER.createObjectNode().put("Reset", true));
            });
            default -> taskRoute(method, path, body);
        };
    }

    private Answer taskRoute(String method, String path, byte[] body) {
        if (!path.startsWith(TASKS) || path.length() == TASKS.length()) {
            throw new AdminError(404, "no admin endpoint at " + path + "; see GET /admin/");
        }
        String rest = path.substring(TASKS.length());
        if (rest.endsWith(SCRIPT) && rest.length() > SCRIPT.length()) {
            String taskId = rest.substring(0, rest.length() - SCRIPT.length());
            return switch (method) {
                case "POST" -> {
                    StopScript script = FaultPlanDocument.scriptFromJson(json(body));
                    emulator.faults().script(taskId, script);
                    ObjectNode answer = FaultPlanDocument.scriptToJson(script);
                    answer.put("TaskId", taskId);
                    yield ok(answer);
                }
                case "DELETE" -> {
                    emulator.faults().clearStopScript(taskId);
                    yield ok(JsonCodec.MAPPER.createObjectNode().put("TaskId", taskId));
                }
                default -> throw notAllowed(method, "POST, DELETE");
            };
        }
        return only(method, "GET", () -> ok(taskJson(rest)));
    }

    private ObjectNode index() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        List.of("GET /admin/stats", "GET /admin/tasks", "POST /admin/tasks", "GET /admin/tasks/{TaskId}",
                        "POST /admin/tasks/{TaskId}/script", "DELETE /admin/tasks/{TaskId}/script",
                        "GET /admin/faults", "PUT /admin/faults", "GET /admin/rate-limit", "PUT /admin/rate-limit",
                        "GET /admin/clock", "PUT /admin/clock", "POST /admin/reset")
                .forEach(json.putArray("Endpoints")::add);
        return json;
    }

    private ObjectNode stats() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ObjectNode calls = json.putObject("CallsByActionAndCode");
        emulator.callsByActionAndCode().forEach((action, byCode) -> {
            ObjectNode codes = calls.putObject(action);
            byCode.forEach(codes::put);
        });
        ObjectNode perSecond = json.putObject("CallsPerSecond");
        emulator.callsPerSecond().snapshot().forEach((action, seconds) -> {
            var array = perSecond.putArray(action);
            seconds.forEach(second -> array.addObject().put("Second", second.epochSecond())
                    .put("Accepted", second.accepted()).put("Throttled", second.throttled()));
        });
        json.put("OverlappingStopCalls", emulator.overlappingStopCalls());
        json.put("InFlightStopCalls", emulator.inFlightStopCalls());
        ObjectNode tasks = json.putObject("Tasks");
        tasks.put("Running", emulator.registry().count(TaskState.RUNNING));
        tasks.put("Stopped", emulator.registry().count(TaskState.STOPPED));
        return json;
    }

    private ObjectNode tasks() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        var array = json.putArray("Tasks");
        emulator.registry().all().forEach(task -> array.add(taskJson(task.taskId())));
        return json;
    }

    private ObjectNode taskJson(String taskId) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("TaskId", taskId);
        emulator.registry().find(taskId).ifPresent(task -> {
            json.put("SdkAppId", task.sdkAppId());
            json.put("RoomId", task.roomId());
        });
        json.put("State", emulator.taskState(taskId).name());
        json.put("StopCalls", emulator.stopCallCount(taskId));
        json.put("SuccessfulStops", emulator.successfulStopCount(taskId));
        return json;
    }

    private Answer createTask(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("expected {\"SdkAppId\":1400000000,\"RoomId\":\"room-1\"}");
        }
        JsonNode sdkAppId = body.path("SdkAppId");
        if (!sdkAppId.isIntegralNumber() || !sdkAppId.canConvertToLong()
                || !SdkAppIds.valid(sdkAppId.longValue())) {
            throw new IllegalArgumentException("SdkAppId must be an integer from " + SdkAppIds.MIN + " to "
                    + SdkAppIds.MAX + " but was " + sdkAppId);
        }
        JsonNode roomId = body.path("RoomId");
        if (!roomId.isString() || roomId.stringValue().isBlank()) {
            throw new IllegalArgumentException("RoomId must be a non-empty string but was " + roomId);
        }
        String taskId = emulator.createTask(sdkAppId.longValue(), roomId.stringValue());
        return new Answer(201, JsonCodec.MAPPER.createObjectNode().put("TaskId", taskId));
    }

    private ObjectNode faults() {
        return FaultPlanDocument.toJson(emulator.faults().settings(), emulator.faults().scripts());
    }

    private Answer replaceFaults(JsonNode body) {
        FaultSettings settings = FaultPlanDocument.settingsFromJson(body);
        emulator.faults().replace(settings, FaultPlanDocument.scriptsFromJson(body));
        return ok(faults());
    }

    private ObjectNode rateLimit() {
        return JsonCodec.MAPPER.createObjectNode().put("RequestsPerSecond", emulator.rateLimitPerSecond());
    }

    private Answer setRateLimit(JsonNode body) {
        JsonNode limit = body.path("RequestsPerSecond");
        if (!limit.isInt()) {
            throw new IllegalArgumentException("expected {\"RequestsPerSecond\":20} (0 turns the limit off)");
        }
        emulator.rateLimitPerSecond(limit.intValue());
        return ok(rateLimit());
    }

    private ObjectNode clock() {
        return JsonCodec.MAPPER.createObjectNode().put("OffsetMillis", emulator.clockOffset().toMillis());
    }

    private Answer setClock(JsonNode body) {
        JsonNode offset = body.path("OffsetMillis");
        if (!offset.isIntegralNumber()) {
            throw new IllegalArgumentException("expected {\"OffsetMillis\":100} (the API's clock ahead of the "
                    + "host's; negative: behind)");
        }
        emulator.clockOffset(java.time.Duration.ofMillis(offset.longValue()));
        return ok(clock());
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode json = JsonCodec.MAPPER.readTree(body);
            if (json.isMissingNode()) {
                throw new IllegalArgumentException("the request needs a JSON body");
            }
            return json;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Answer only(String method, String allowed, Supplier<Answer> action) {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
        return action.get();
    }

    private static AdminError notAllowed(String method, String allowed) {
        return new AdminError(405, method + " is not allowed here; use " + allowed);
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static Answer error(int status, String message) {
        return new Answer(status, JsonCodec.MAPPER.createObjectNode().put("Error", message));
    }
}
