package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of every child JVM the test kit starts: {@code ParentWatchdogMain <main class> [args...]}.
 *
 * <p>It halts the JVM as soon as its standard input reaches end of file, then runs the real main class.
 * The parent keeps the write end of that pipe open and never writes to it; the operating system closes it
 * when the parent dies for any reason, SIGKILL included, when no shutdown hook of the parent can run. So a
 * broker can never outlive the test JVM or launcher that started it.
 *
 * <p>This class must depend on nothing but the JDK: it runs on the broker's classpath.
 */
public final class ParentWatchdogMain {

    /** Exit status of a child halted because its parent went away. */
    public static final int PARENT_GONE_STATUS = 143;

    private ParentWatchdogMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatchdogMain <main class> [args...]");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> haltWhenClosed(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void haltWhenClosed(InputStream parentPipe) {
        byte[] ignored = new byte[64];
        try {
            while (parentPipe.read(ignored) >= 0) {
                // The parent never writes; anything read is ignored. Only end of file matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of file: the parent is gone.
        }
        System.err.println("[parent-watchdog] parent process is gone (stdin closed): halting this JVM");
        System.err.flush();
        // halt, not exit: the parent is gone, so a slow clean shutdown would only leave an orphan behind.
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
