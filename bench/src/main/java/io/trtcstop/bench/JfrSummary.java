package io.trtcstop.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a worker's flight recording ({@code --jfr}) says time and memory went, grouped by the parts of the worker
 * a change would touch: Java CPU samples and sampled allocation by area (a sample counts for every area on its
 * stack), and what the {@code kafka-loop} thread was blocked in.
 */
final class JfrSummary {

    /** Areas by a fragment of a class or method name anywhere on the stack. */
    private static final Map<String, String> AREAS = areas(
            "code on virtual threads (per-command work)", "java.lang.VirtualThread.run",
            "JDK HttpClient internals", "jdk.internal.net.http.",
            "kafka-loop thread (StopWorker.run)", "io.trtcstop.worker.kafka.StopWorker.run",
            "Jackson", "tools.jackson.",
            "TC3 signing", "io.trtcstop.worker.trtc.Tc3Signer",
            "Kafka producer", "org.apache.kafka.clients.producer.",
            "Kafka consumer", "org.apache.kafka.clients.consumer.",
            "logging (logback)", "ch.qos.logback.",
            "command decoding", "io.trtcstop.worker.command.CommandDecoder",
            "  of which schema validation", "com.networknt.",
            "outcome records", "io.trtcstop.worker.outcome.OutcomeRecords",
            "rate limiter", "io.trtcstop.worker.engine.ApiRateLimiter");

    private static final List<String> BLOCKING_CALLS = List.of(
            "org.apache.kafka.clients.producer.KafkaProducer.sendOffsetsToTransaction",
            "org.apache.kafka.clients.producer.KafkaProducer.commitTransaction",
            "org.apache.kafka.clients.producer.KafkaProducer.beginTransaction",
            "org.apache.kafka.clients.producer.KafkaProducer.send",
            "org.apache.kafka.clients.consumer.KafkaConsumer.poll");

    private JfrSummary() {
    }

    public static void main(String[] args) {
        for (String file : args) {
            print(Path.of(file), System.out);
        }
    }

    static void print(Path recording, PrintStream out) {
        Map<String, Long> cpu = new HashMap<>();
        Map<String, Long> cpuByThread = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        Map<String, Duration> blocked = new LinkedHashMap<>();
        long samples = 0;
        long allocated = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        countAreas(e.getStackTrace(), 1, cpu);
                        cpuByThread.merge(threadGroup(e.getThread("sampledThread")), 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = e.getLong("weight");
                        allocated += weight;
                        countAreas(e.getStackTrace(), weight, alloc);
                    }
                    case "jdk.ThreadPark", "jdk.JavaMonitorWait" -> {
                        if (e.getThread() != null && "kafka-loop".equals(e.getThread().getJavaName())) {
                            String call = blockingCall(e.getStackTrace());
                            blocked.merge(call, e.getDuration(), Duration::plus);
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording, e);
        }
        out.println("   JFR " + recording.getFileName() + ": " + samples + " Java CPU samples, "
                + allocated / (1 << 20) + " MiB sampled allocation");
        out.println("     CPU samples by area (a sample counts for every area on its stack):");
        printShares(cpu, samples, out, "");
        out.println("     CPU samples by thread:");
        printShares(cpuByThread, samples, out, "");
        out.println("     allocation by area:");
        printShares(alloc, allocated, out, " MiB");
        out.println("     kafka-loop blocked (parks and waits the recording kept, >= its threshold):");
        blocked.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(6)
                .forEach(b -> out.printf("       %8.2f s  %s%n", b.getValue().toMillis() / 1000.0, b.getKey()));
    }

    private static void printShares(Map<String, Long> counts, long total, PrintStream out, String mib) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(c -> out.printf("       %5.1f%%  %s%s%n", 100.0 * c.getValue() / Math.max(1, total), c.getKey(),
                        mib.isEmpty() ? "" : " (" + c.getValue() / (1 << 20) + mib + ")"));
    }

    private static void countAreas(RecordedStackTrace stack, long weight, Map<String, Long> into) {
        if (stack == null) {
            return;
        }
        String frames = stack.getFrames().stream().map(JfrSummary::name).collect(Collectors.joining(" "));
        AREAS.forEach((area, fragment) -> {
            if (frames.contains(fragment)) {
                into.merge(area, weight, Long::sum);
            }
        });
    }

    private static String blockingCall(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack)";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String name = name(f);
            if (BLOCKING_CALLS.contains(name)) {
                return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            }
        }
        return "other: " + stack.getFrames().stream().map(JfrSummary::name)
                .filter(n -> n.startsWith("io.trtcstop")).findFirst().orElse("(outside the worker)");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String threadGroup(RecordedThread t) {
        if (t == null) {
            return "?";
        }
        String name = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return t.isVirtual() ? "virtual threads" : name == null ? "?" : name.replaceAll("\\d+", "#");
    }

    private static Map<String, String> areas(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
