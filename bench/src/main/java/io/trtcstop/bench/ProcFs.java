package io.trtcstop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What Linux's /proc says about a process and the machine; the benchmark only runs on Linux. */
final class ProcFs {

    /** /proc/<pid>/stat counts CPU time in USER_HZ ticks, which is 100 on every Linux the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcFs() {
    }

    /** User plus system CPU seconds the process has used so far (all its threads: GC and JIT included). */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long utime = Long.parseLong(f[11]); // field 14 of the whole line
        long stime = Long.parseLong(f[12]); // field 15
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** A "kB" line of /proc/<pid>/status, e.g. VmRSS (resident now) or VmHWM (peak resident), in MiB. */
    static double statusMib(long pid, String field) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    static long memTotalMib() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) / 1024;
            }
        }
        return -1;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " (the benchmark needs Linux /proc)", e);
        }
    }

    private static List<String> lines(Path path) {
        return read(path).lines().toList();
    }
}
