package io.github.conversations4j.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark: one client JVM (this one), one server process, every client through the same calls in interleaved
 * rounds, then fresh JVMs for the time to first call. Prints a markdown report and writes it to a file.
 *
 * <p>Options: {@code --quick} (a smoke run of about a minute), {@code --out=FILE}, {@code --clients=a,b,...},
 * {@code --rounds=N}, {@code --warmup=N}, {@code --first-call-reps=N}, {@code --footprint=FILE} (the SDK's
 * runtime classpath as Maven writes it), {@code --sdk-jar=FILE}, {@code --revision=TEXT} (the code measured).
 */
public final class Main {
    static final String API_KEY = "xkeysib-bench-0000000000000000";
    static final String VISITOR = "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg";
    static final String AGENT = "d9nKoegKSjmCtyK78";
    static final String TEXT = "Your order has shipped! Here's your tracking number: 9114 5847 3325 9667 4328 88";
    static final String EDITED = "Your order has shipped! Tracking number: 9114 5847 3325 9667 4328 88 (edited)";
    static final int THREADS = 16;

    private static final ThreadMXBean THREAD_BEAN = ManagementFactory.getThreadMXBean();
    /** {@code getTotalThreadAllocatedBytes()} (JDK 21+), which also counts threads that ended; else null. */
    private static final Method TOTAL_ALLOCATED = totalAllocatedMethod();

    static String loadAtStart = "?";
    /** The last failure of a call in the current batch, for the log. */
    private static volatile Throwable lastError;

    private Main() {}

    /** The run's settings. */
    static final class Config {
        boolean quick;
        int warmup = 5;
        int rounds = 12;
        int seqCalls = 3000;
        int lives = 750;
        int parCalls = 8000;
        int firstCallReps = 7;
        Path out = Paths.get("benchmark/results/latest.md");
        List<String> clients = Targets.ALL;
        Path footprint;
        Path sdkJar;
        /** The git revision measured, as {@code benchmark/run} passes it; "unknown" when run by hand. */
        String revision = "unknown";

        static Config parse(String[] args) {
            Config c = new Config();
            for (String a : args) {
                if (a.equals("--quick")) {
                    c.quick = true;
                    c.warmup = 2;
                    c.rounds = 3;
                    c.seqCalls = 500;
                    c.lives = 125;
                    c.parCalls = 1600;
                    c.firstCallReps = 3;
                }
            }
            for (String a : args) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
                if (a.startsWith("--out=")) {
                    c.out = Paths.get(v);
                } else if (a.startsWith("--clients=")) {
                    c.clients = Arrays.asList(v.split(","));
                } else if (a.startsWith("--rounds=")) {
                    c.rounds = Integer.parseInt(v);
                } else if (a.startsWith("--warmup=")) {
                    c.warmup = Integer.parseInt(v);
                } else if (a.startsWith("--first-call-reps=")) {
                    c.firstCallReps = Integer.parseInt(v);
                } else if (a.startsWith("--footprint=")) {
                    c.footprint = Paths.get(v);
                } else if (a.startsWith("--sdk-jar=")) {
                    c.sdkJar = Paths.get(v);
                } else if (a.startsWith("--revision=")) {
                    c.revision = v;
                } else if (!a.equals("--quick")) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (!c.clients.contains("floor")) {
                throw new IllegalArgumentException("--clients must include floor: every ratio is to it");
            }
            return c;
        }
    }

    /** What one client did in one workload, summed over the measured rounds. */
    static final class Stats {
        final long[] lat;
        int n;
        long calls;
        long cpuNs;
        long allocBytes;
        long wallNs;
        long errors;
        long connections;
        /** The server process's CPU, and what the machine did ({@link MachineClock}); -1 once any reading was missing. */
        long serverCpuNs;

        long idleUs;
        long halts;
        long switches;
        long ipis;

        Stats(int capacity) {
            lat = new long[capacity];
        }

        /** Per measured round: {median µs, p99 µs, calls per second} of that round's batch alone. */
        final List<double[]> rounds = new ArrayList<>();

        synchronized void addAll(long[] src, int count) {
            System.arraycopy(src, 0, lat, n, count);
            n += count;
        }

        static double[] roundFigures(long[] lat, int from, int to, long calls, long wallNs) {
            long[] s = Arrays.copyOfRange(lat, from, to);
            Arrays.sort(s);
            double median = s.length == 0 ? Double.NaN : s[(s.length - 1) / 2] / 1000.0;
            double p99 = s.length == 0
                    ? Double.NaN
                    : s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1))] / 1000.0;
            return new double[] {median, p99, calls / (wallNs / 1e9)};
        }

        double percentileUs(double p) {
            long[] s = Arrays.copyOf(lat, n);
            Arrays.sort(s);
            int i = (int) Math.ceil(p * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))] / 1000.0;
        }

        double cpuUsPerCall() {
            return cpuNs / 1000.0 / calls;
        }

        double bytesPerCall() {
            return (double) allocBytes / calls;
        }

        double callsPerSecond() {
            return calls / (wallNs / 1e9);
        }

        /** A machine-side sum per call, or NaN when it could not be read. */
        double perCall(long sum) {
            return sum < 0 ? Double.NaN : (double) sum / calls;
        }

        private static long add(long sum, long x) {
            return sum < 0 || x < 0 ? -1 : sum + x;
        }

        void addMachine(long serverCpu, long[] m) {
            serverCpuNs = add(serverCpuNs, serverCpu);
            idleUs = add(idleUs, m[0]);
            halts = add(halts, m[1]);
            switches = add(switches, m[2]);
            ipis = add(ipis, m[3]);
        }
    }

    enum Workload {
        SEQ("sequential sends", 1),
        LIFE("a message's life: send, get, edit, delete", 4),
        PAR("sends from 16 threads", 1);

        final String title;
        final int callsPerOp;

        Workload(String title, int callsPerOp) {
            this.title = title;
            this.callsPerOp = callsPerOp;
        }
    }

    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(args);
        try {
            loadAtStart = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            loadAtStart = "?";
        }
        long start = System.nanoTime();
        Process server = startServer();
        int exit = 0;
        try {
            int port = readPort(server);
            serverPort = port;
            serverPid = server.pid();
            String baseUrl = "http://127.0.0.1:" + port + "/v3";
            log("server pid " + server.pid() + " on " + baseUrl);
            String report = run(cfg, baseUrl);
            System.out.println(report);
            Path out = cfg.out.toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            log("report written to " + out + " after " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
        System.exit(exit); // clients' non-daemon threads must not keep the JVM alive
    }

    private static String run(Config cfg, String baseUrl) throws Exception {
        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String name : cfg.clients) {
            try {
                Target t = Targets.create(name, baseUrl);
                check(t);
                targets.put(name, t);
            } catch (Throwable e) {
                skipped.put(name, oneLine(e));
                log("skipping " + name + ": " + oneLine(e));
            }
        }
        if (!targets.containsKey("floor")) {
            throw new IllegalStateException("the floor client does not work: " + skipped.get("floor"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
        // Start all workers now: their own allocations and CPU are then counted, never their creation.
        parallel(pool, targets.get("floor"), THREADS * 4, new long[THREADS][THREADS * 4], null, new AtomicInteger());

        Map<String, Map<Workload, Stats>> stats = new LinkedHashMap<>();
        for (String name : targets.keySet()) {
            Map<Workload, Stats> m = new LinkedHashMap<>();
            m.put(Workload.SEQ, new Stats(cfg.rounds * cfg.seqCalls));
            m.put(Workload.LIFE, new Stats(cfg.rounds * cfg.lives));
            m.put(Workload.PAR, new Stats(cfg.rounds * cfg.parCalls));
            stats.put(name, m);
        }

        List<String> order = new ArrayList<>(targets.keySet());
        int total = cfg.warmup + cfg.rounds;
        for (int round = 0; round < total; round++) {
            boolean measured = round >= cfg.warmup;
            long t0 = System.nanoTime();
            for (Workload w : Workload.values()) {
                for (int k = 0; k < order.size(); k++) {
                    // Rotate who goes first each round, so no client always follows the same one.
                    String name = order.get((k + round) % order.size());
                    Target t = targets.get(name);
                    if (t == null) {
                        continue;
                    }
                    try {
                        batch(cfg, pool, t, w, measured ? stats.get(name).get(w) : null);
                    } catch (Throwable e) {
                        skipped.put(name, "failed in round " + round + " (" + w + "): " + oneLine(e));
                        log("dropping " + name + ": " + oneLine(e));
                        targets.remove(name);
                        stats.remove(name);
                    }
                }
            }
            log((measured
                            ? "round " + (round - cfg.warmup + 1) + "/" + cfg.rounds
                            : "warm-up " + (round + 1) + "/" + cfg.warmup)
                    + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        for (Target t : targets.values()) {
            t.close();
        }

        Map<String, List<Long>> firstCall = new LinkedHashMap<>();
        for (int rep = 0; rep < cfg.firstCallReps; rep++) {
            for (String name : targets.keySet()) {
                firstCall.computeIfAbsent(name, k -> new ArrayList<>()).add(firstCallMs(name, baseUrl));
            }
            log("first call, repetition " + (rep + 1) + "/" + cfg.firstCallReps);
        }

        return Report.markdown(cfg, stats, firstCall, skipped);
    }

    /** One call of each kind, answers checked, so a misconfigured client never gets measured. */
    private static void check(Target t) {
        String id = t.send();
        if (!"AXCR3k9bpSY7bpuh7".equals(id)) {
            throw new IllegalStateException(t.name() + " send read id " + id);
        }
        String got = t.life();
        if (!"eYBEm3gq3zc5ayE2g".equals(got)) {
            throw new IllegalStateException(t.name() + " life read id " + got);
        }
    }

    private static void batch(Config cfg, ExecutorService pool, Target t, Workload w, Stats into) throws Exception {
        System.gc(); // start every batch on a clean heap: nobody pays for the previous client's garbage
        int ops = w == Workload.SEQ ? cfg.seqCalls : w == Workload.LIFE ? cfg.lives : cfg.parCalls;
        // Everything the harness needs is allocated before the readings start.
        long[] lat = w == Workload.PAR ? null : new long[ops];
        long[][] parLat = w == Workload.PAR ? new long[THREADS][ops] : null;
        int firstIndex = into == null ? 0 : into.n;
        ServerCounters server0 = serverCounters();
        AtomicInteger errors = new AtomicInteger();
        lastError = null;
        CpuClock cpuClock = new CpuClock();
        CpuClock serverClock = new CpuClock(serverPid);
        MachineClock machine = new MachineClock();
        machine.start();
        serverClock.start();
        cpuClock.start();
        long alloc0 = allocatedBytes();
        long wall0 = System.nanoTime();
        if (w == Workload.PAR) {
            parallel(pool, t, ops, parLat, into, errors);
        } else {
            boolean life = w == Workload.LIFE;
            int n = 0;
            for (int i = 0; i < ops; i++) {
                long a = System.nanoTime();
                try {
                    String id = life ? t.life() : t.send();
                    lat[n++] = System.nanoTime() - a + (id.isEmpty() ? 1 : 0);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    lastError = e;
                }
            }
            if (into != null) {
                into.addAll(lat, n);
            }
        }
        long wall = System.nanoTime() - wall0;
        long[] m = machine.elapsed(); // first: what follows reads /proc and queries the server
        long alloc = allocatedBytes() - alloc0;
        long cpu = cpuClock.elapsed();
        if (cpu < 0) {
            throw new IllegalStateException("cannot read this JVM's CPU time");
        }
        ServerCounters server1 = serverCounters();
        // Live threads from /proc, plus the threads that ended meanwhile as the server reported them.
        long serverCpu = serverClock.elapsedWithEnded(server1.endedThreads());
        long conns = server1.accepted() - server0.accepted() - 1; // less the first query's own connection
        if (errors.get() == ops) {
            throw new IllegalStateException("every call failed", lastError);
        }
        if (errors.get() > 0) {
            log(t.name() + " " + w + ": " + errors.get() + " of " + ops + " failed, last: " + oneLine(lastError));
        }
        if (into != null) {
            into.rounds.add(Stats.roundFigures(into.lat, firstIndex, into.n, (long) ops * w.callsPerOp, wall));
            into.errors += errors.get();
            into.connections += conns;
            into.calls += (long) ops * w.callsPerOp;
            into.cpuNs += cpu;
            into.allocBytes += alloc;
            into.wallNs += wall;
            into.addMachine(serverCpu, m);
        }
    }

    /** {@code ops} sends spread over the pool's 16 threads; latencies go to {@code into} when it is not null. */
    private static void parallel(
            ExecutorService pool, Target t, int ops, long[][] lats, Stats into, AtomicInteger errors) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>(THREADS);
        for (int k = 0; k < THREADS; k++) {
            long[] lat = lats[k];
            tasks.add(() -> {
                int n = 0;
                while (next.getAndIncrement() < ops) {
                    long a = System.nanoTime();
                    try {
                        t.send();
                        lat[n++] = System.nanoTime() - a;
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        lastError = e;
                    }
                }
                if (into != null) {
                    into.addAll(lat, n);
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
    }

    /**
     * Bytes allocated so far by all threads: {@code getTotalThreadAllocatedBytes()} where the JDK has it (21+,
     * counts threads that ended too), else the sum of {@code getThreadAllocatedBytes} over the live threads (JDK 17:
     * a thread that ends between two readings takes its bytes with it; the worker pool here never ends, and the
     * clients' own I/O threads are long-lived).
     */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean b = (com.sun.management.ThreadMXBean) THREAD_BEAN;
        if (TOTAL_ALLOCATED != null) {
            try {
                return (long) TOTAL_ALLOCATED.invoke(b);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        long sum = 0;
        for (long v : b.getThreadAllocatedBytes(THREAD_BEAN.getAllThreadIds())) {
            if (v > 0) {
                sum += v;
            }
        }
        return sum;
    }

    static String allocationSource() {
        return TOTAL_ALLOCATED != null
                ? "ThreadMXBean.getTotalThreadAllocatedBytes()"
                : "sum of ThreadMXBean.getThreadAllocatedBytes over all live threads";
    }

    private static Method totalAllocatedMethod() {
        try {
            Method m = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
            long v = (long) m.invoke(THREAD_BEAN);
            return v >= 0 ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java")
                        .toString());
    }

    static volatile int serverPort;
    static volatile long serverPid;

    /**
     * What the server has counted: connections accepted so far, and its connection threads that ended since the
     * previous query (kernel thread id to CPU nanoseconds at the end).
     */
    record ServerCounters(long accepted, Map<String, Long> endedThreads) {}

    /** The server's counters (this query opens one more connection, whose thread ends after answering). */
    static ServerCounters serverCounters() throws IOException {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), serverPort)) {
            s.getOutputStream()
                    .write("GET /__connections HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String[] fields = all.substring(all.indexOf("\r\n\r\n") + 4).trim().split(" ");
            Map<String, Long> ended = new HashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int colon = fields[i].indexOf(':');
                ended.put(fields[i].substring(0, colon), Long.parseLong(fields[i].substring(colon + 1)));
            }
            return new ServerCounters(Long.parseLong(fields[0]), ended);
        }
    }

    private static Process startServer() throws IOException {
        List<String> cmd = List.of(
                javaBinary(),
                "-Xms256m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                BenchServer.class.getName());
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static int readPort(Process server) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            throw new IOException("the server did not start: " + line);
        }
        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
    }

    private static long firstCallMs(String name, String baseUrl) throws Exception {
        List<String> cmd = List.of(
                javaBinary(), "-cp", System.getProperty("java.class.path"), FirstCall.class.getName(), name, baseUrl);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder all = new StringBuilder();
        long ms = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("FIRST_CALL_MS ")) {
                    ms = Long.parseLong(
                            line.substring("FIRST_CALL_MS ".length()).trim());
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (ms < 0) {
            throw new IllegalStateException("first call of " + name + " failed:\n" + all);
        }
        return ms;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = root.getClass().getSimpleName() + ": " + root.getMessage();
        return s.replace('\n', ' ').replace('|', '/');
    }

    static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
