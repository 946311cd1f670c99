package io.github.conversations4j.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the whole machine did during a batch, on Linux: time its CPUs spent idle, how often they entered an idle
 * state other than polling (on a VM, a halt: the next wake-up goes through the host), and context switches.
 * Readings are -1 where the kernel does not expose them.
 *
 * <p>Idle time and entries come from {@code /sys/devices/system/cpu/cpu*}{@code /cpuidle/state*}{@code /{time,usage}}
 * (microseconds and counts); context switches from the {@code ctxt} line of {@code /proc/stat}.
 */
final class MachineClock {
    private static final Path CPUS = Paths.get("/sys/devices/system/cpu");

    private long idleUs0;
    private long halts0;
    private long switches0;
    private long ipis0;

    void start() {
        long[] idle = idle();
        idleUs0 = idle[0];
        halts0 = idle[1];
        switches0 = contextSwitches();
        ipis0 = interProcessorInterrupts();
    }

    /** {idle µs, halts, context switches, inter-processor interrupts} since {@link #start()}; -1 for what cannot be read. */
    long[] elapsed() {
        long[] idle = idle();
        long switches = contextSwitches();
        long ipis = interProcessorInterrupts();
        return new long[] {
            idle[0] < 0 || idleUs0 < 0 ? -1 : idle[0] - idleUs0,
            idle[1] < 0 || halts0 < 0 ? -1 : idle[1] - halts0,
            switches < 0 || switches0 < 0 ? -1 : switches - switches0,
            ipis < 0 || ipis0 < 0 ? -1 : ipis - ipis0
        };
    }

    /** {total idle µs over all CPUs and states, entries into non-polling states}, or -1s. */
    private static long[] idle() {
        long time = 0;
        long halts = 0;
        boolean any = false;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(CPUS, "cpu[0-9]*")) {
            for (Path cpu : cpus) {
                Path dir = cpu.resolve("cpuidle");
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> states = Files.newDirectoryStream(dir, "state[0-9]*")) {
                    for (Path state : states) {
                        any = true;
                        time += Long.parseLong(
                                Files.readString(state.resolve("time")).trim());
                        if (!"POLL"
                                .equals(Files.readString(state.resolve("name")).trim())) {
                            halts += Long.parseLong(
                                    Files.readString(state.resolve("usage")).trim());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return any ? new long[] {time, halts} : new long[] {-1, -1};
    }

    /**
     * Interrupts one CPU sent another, all CPUs together: the rescheduling and function-call lines of
     * {@code /proc/interrupts} (a TLB shootdown arrives as a function call on x86, so its own line is left out). A
     * thread woken on an idle CPU costs one; on a VM each is a trip through the host.
     */
    private static long interProcessorInterrupts() {
        try {
            long sum = 0;
            boolean any = false;
            for (String line : Files.readAllLines(Paths.get("/proc/interrupts"))) {
                String t = line.trim();
                if (t.startsWith("RES:") || t.startsWith("CAL:")) {
                    any = true;
                    for (String field : t.substring(4).trim().split("\\s+")) {
                        if (!field.chars().allMatch(Character::isDigit)) {
                            break; // the description
                        }
                        sum += Long.parseLong(field);
                    }
                }
            }
            return any ? sum : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long contextSwitches() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/stat"))) {
                if (line.startsWith("ctxt ")) {
                    return Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
