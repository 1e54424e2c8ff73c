package io.trtcstop.emulator;

import java.util.regex.Pattern;

/**
 * What the fault plan makes of one API call that would otherwise be answered normally. Script tokens name
 * them: an error code, {@code HTTP_503} (any 4xx/5xx status), {@code DROP}, {@code HANG}, {@code MALFORMED},
 * {@code STOP_THEN_DROP} and {@code OK}.
 */
sealed interface InjectedFault {

    Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*");
    Pattern HTTP_STATUS = Pattern.compile("HTTP_([45][0-9][0-9])");

    /** Normal behaviour. */
    record None() implements InjectedFault {
    }

    /** An API error answer (HTTP 200) with this code, e.g. {@code InternalError}. */
    record ErrorAnswer(String code) implements InjectedFault {
    }

    /** A non-200 HTTP status with a body that is not API JSON, as a gateway would send. */
    record HttpStatus(int status) implements InjectedFault {
    }

    /** The connection is closed without any answer. */
    record DropConnection() implements InjectedFault {
    }

    /** No answer for longer than any sane client timeout; then the connection is closed. */
    record Hang() implements InjectedFault {
    }

    /** HTTP 200 with a body that is not in the API's response shape. */
    record MalformedBody() implements InjectedFault {
    }

    /** The call takes effect (the task stops) but the connection is closed before the answer: the lost reply. */
    record StopThenDrop() implements InjectedFault {
    }

    /** The script token for this fault, also the outcome name in the call statistics; {@link #parse} reverses it. */
    default String token() {
        return switch (this) {
            case None none -> CallStats.OK;
            case ErrorAnswer error -> error.code();
            case HttpStatus http -> "HTTP_" + http.status();
            case DropConnection drop -> "DROP";
            case Hang hang -> "HANG";
            case MalformedBody malformed -> "MALFORMED";
            case StopThenDrop lostReply -> "STOP_THEN_DROP";
        };
    }

    static InjectedFault parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a scripted answer must not be blank");
        }
        var http = HTTP_STATUS.matcher(token);
        if (http.matches()) {
            return new HttpStatus(Integer.parseInt(http.group(1)));
        }
        return switch (token) {
            case "OK" -> new None();
            case "DROP" -> new DropConnection();
            case "HANG" -> new Hang();
            case "MALFORMED" -> new MalformedBody();
            case "STOP_THEN_DROP" -> new StopThenDrop();
            default -> new ErrorAnswer(requireErrorCode(token));
        };
    }

    static String requireErrorCode(String code) {
        if (code == null || !ERROR_CODE.matcher(code).matches() || code.startsWith("HTTP_")) {
            throw new IllegalArgumentException("'" + code + "' is not an API error code (like InternalError or "
                    + "AuthFailure.UnauthorizedOperation) nor one of OK, DROP, HANG, MALFORMED, STOP_THEN_DROP, "
                    + "HTTP_4xx/HTTP_5xx");
        }
        if (code.equals("OK") || code.equals("DROP") || code.equals("HANG") || code.equals("MALFORMED")
                || code.equals("STOP_THEN_DROP")) {
            throw new IllegalArgumentException("'" + code + "' is a transport fault, not an API error code");
        }
        return code;
    }
}
