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
 * CPU time of this whole process, every thread included (the clients' I/O threads, GC, JIT), in nanoseconds.
 *
 * <p>{@code OperatingSystemMXBean.getProcessCpuTime()} counts in clock ticks on Linux (10 ms steps on this
 * machine's JDK 17), too coarse for a batch of calls that takes 30 ms. On Linux this reads instead each thread's
 * {@code /proc/self/task/<tid>/schedstat} (time on CPU in nanoseconds) and takes per-thread differences, so a thread
 * that ends during a batch loses only what it did in that batch, not its whole past. Elsewhere it falls back to the
 * MXBean.
 */
final class CpuClock {
  private static final boolean PROC = Files.isDirectory(Paths.get("/proc/self/task"));
  private static final com.sun.management.OperatingSystemMXBean OS_BEAN =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Path tasks;
  private final boolean self;
  private final Map<String, Long> before = new HashMap<>();
  private long beforeMx;

  /** This process. */
  CpuClock() {
    this(Paths.get("/proc/self/task"), true);
  }

  /** Another process (the server): on Linux only; elsewhere {@link #elapsed()} answers -1. */
  CpuClock(long pid) {
    this(Paths.get("/proc/" + pid + "/task"), false);
  }

  private CpuClock(Path tasks, boolean self) {
    this.tasks = tasks;
    this.self = self;
  }

  static String source() {
    return PROC ? "sum over the JVM's threads of /proc/self/task/*/schedstat, per-thread differences"
        : "OperatingSystemMXBean.getProcessCpuTime()";
  }

  /** Takes the starting reading. */
  void start() {
    before.clear();
    if (PROC) {
      read(before);
    } else {
      beforeMx = OS_BEAN.getProcessCpuTime();
    }
  }

  /** CPU nanoseconds used since {@link #start()}. */
  long elapsed() {
    if (!PROC) {
      return self ? OS_BEAN.getProcessCpuTime() - beforeMx : -1;
    }
    Map<String, Long> after = new HashMap<>();
    read(after);
    long sum = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  private void read(Map<String, Long> into) {
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
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + tasks, e);
    }
  }
}
