package io.trtcstop.emulator;

/** What the API endpoint does with an HTTP exchange once a call has been handled. */
sealed interface Reply {

    /** How the call ended, for the statistics: "OK", an error code, or a transport fault token. */
    String outcome();

    /** An HTTP response with a known Content-Length. */
    record Send(int status, String contentType, byte[] body, String outcome) implements Reply {
    }

    /** Close the connection without a response. */
    record Drop(String outcome) implements Reply {
    }

    /** Say nothing for the hang duration, then close the connection. */
    record Hang() implements Reply {
        @Override
        public String outcome() {
            return "HANG";
        }
    }
}
