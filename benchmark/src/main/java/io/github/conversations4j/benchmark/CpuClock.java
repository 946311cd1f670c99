package io.github.conversations4j.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a whole process, every thread included (for the client: its I/O threads, GC, JIT), in nanoseconds.
 *
 * <p>{@code OperatingSystemMXBean.getProcessCpuTime()} counts in clock ticks on Linux (10 ms steps on this
 * machine's JDK 17), too coarse for a batch of calls that takes 30 ms. On Linux this reads instead each thread's
 * {@code /proc/<pid>/task/<tid>/schedstat} (time on CPU in nanoseconds) and takes per-thread differences. A thread
 * that ends during a batch takes its {@code /proc} entry with it: {@link #elapsed()} then loses what it did in
 * that batch, and {@link #elapsedWithEnded(Map)} adds it back from the process's own report of its ended threads.
 * Elsewhere this process falls back to the MXBean, and another process reads -1.
 */
final class CpuClock {
    private static final boolean PROC = Files.isDirectory(Paths.get("/proc/self/task"));
    private static final com.sun.management.OperatingSystemMXBean OS_BEAN =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Path tasks;
    private final boolean self;
    private final Map<String, Long> before = new HashMap<>();
    private long beforeMx;
    private boolean failed;

    /** This process. */
    CpuClock() {
        this(Paths.get("/proc/self/task"), true);
    }

    /** Another process (the server): on Linux only; elsewhere, or once its {@code /proc} entry is gone, -1. */
    CpuClock(long pid) {
        this(Paths.get("/proc/" + pid + "/task"), false);
    }

    private CpuClock(Path tasks, boolean self) {
        this.tasks = tasks;
        this.self = self;
    }

    static String source() {
        return PROC
                ? "sum over the JVM's threads of /proc/<pid>/task/*/schedstat, per-thread differences"
                : "OperatingSystemMXBean.getProcessCpuTime()";
    }

    /** Takes the starting reading. */
    void start() {
        before.clear();
        if (PROC) {
            failed = !read(before);
        } else {
            beforeMx = self ? OS_BEAN.getProcessCpuTime() : -1;
        }
    }

    /** CPU nanoseconds used since {@link #start()} by the threads alive now; -1 if it cannot be read. */
    long elapsed() {
        return elapsedWithEnded(Map.of());
    }

    /**
     * CPU nanoseconds used since {@link #start()}, with the threads that ended meanwhile as the process reported
     * them ({@code ended}: thread id to CPU nanoseconds at the end): for each one gone from {@code /proc}, what it used
     * after the starting reading. A thread that ended unreported loses its part, as in {@link #elapsed()}. -1 if the
     * process cannot be read.
     */
    long elapsedWithEnded(Map<String, Long> ended) {
        if (!PROC) {
            return self ? OS_BEAN.getProcessCpuTime() - beforeMx : -1;
        }
        Map<String, Long> after = new HashMap<>();
        if (failed || !read(after)) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        for (Map.Entry<String, Long> e : ended.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
        }
        return sum;
    }

    /** Reads every thread's CPU into {@code into}; false if the process's task list cannot be read. */
    private boolean read(Map<String, Long> into) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path t : all) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    int sp = s.indexOf(' ');
                    into.put(t.getFileName().toString(), Long.parseLong(sp < 0 ? s.trim() : s.substring(0, sp)));
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while being read
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
