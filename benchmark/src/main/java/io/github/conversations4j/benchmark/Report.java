package io.github.conversations4j.benchmark;

import io.github.conversations4j.benchmark.Main.Config;
import io.github.conversations4j.benchmark.Main.Stats;
import io.github.conversations4j.benchmark.Main.Workload;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Turns the figures into the markdown report. */
final class Report {
    private static final List<String> SDK_VARIANTS =
            List.of("sdk-default", "sdk-otel", "sdk-feign-default", "sdk-java11", "sdk-hc5");
    static final int MAX_JARS = 7;
    static final long MAX_JAR_BYTES = 200 * 1024;

    private Report() {}

    /** One figure of one workload. */
    private static final class Figure {
        final String label;
        final Workload w;
        final ToDoubleFunction<Stats> f;
        final boolean lowerIsBetter;
        final String unit;
        final String target;

        Figure(String label, Workload w, ToDoubleFunction<Stats> f, boolean lowerIsBetter, String unit, String target) {
            this.label = label;
            this.w = w;
            this.f = f;
            this.lowerIsBetter = lowerIsBetter;
            this.unit = unit;
            this.target = target;
        }
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure(
                    "sequential sends: median wall per call",
                    Workload.SEQ,
                    s -> s.percentileUs(0.5),
                    true,
                    "µs",
                    "≤ 1.0× best published"),
            new Figure(
                    "sequential sends: p99 wall per call",
                    Workload.SEQ,
                    s -> s.percentileUs(0.99),
                    true,
                    "µs",
                    "≤ 1.0× best published"),
            new Figure(
                    "message's life: median wall (4 calls)",
                    Workload.LIFE,
                    s -> s.percentileUs(0.5),
                    true,
                    "µs",
                    "≤ 1.0× best published"),
            new Figure(
                    "message's life: p99 wall (4 calls)",
                    Workload.LIFE,
                    s -> s.percentileUs(0.99),
                    true,
                    "µs",
                    "≤ 1.0× best published"),
            new Figure(
                    "sequential sends: client CPU per call",
                    Workload.SEQ,
                    Stats::cpuUsPerCall,
                    true,
                    "µs",
                    "≤ 1.0× best published (aim 0.8×)"),
            new Figure(
                    "message's life: client CPU per call",
                    Workload.LIFE,
                    Stats::cpuUsPerCall,
                    true,
                    "µs",
                    "≤ 1.0× best published (aim 0.8×)"),
            new Figure(
                    "16 threads: client CPU per call",
                    Workload.PAR,
                    Stats::cpuUsPerCall,
                    true,
                    "µs",
                    "≤ 1.0× best published (aim 0.8×)"),
            new Figure(
                    "sequential sends: bytes allocated per call",
                    Workload.SEQ,
                    Stats::bytesPerCall,
                    true,
                    "B",
                    "≤ 1.0× best published"),
            new Figure(
                    "message's life: bytes allocated per call",
                    Workload.LIFE,
                    Stats::bytesPerCall,
                    true,
                    "B",
                    "≤ 1.0× best published"),
            new Figure(
                    "16 threads: bytes allocated per call",
                    Workload.PAR,
                    Stats::bytesPerCall,
                    true,
                    "B",
                    "≤ 1.0× best published"),
            new Figure(
                    "16 threads: calls per second",
                    Workload.PAR,
                    Stats::callsPerSecond,
                    false,
                    "/s",
                    "≥ 1.0× best published"));

    static String markdown(
            Config cfg,
            Map<String, Map<Workload, Stats>> stats,
            Map<String, List<Long>> firstCall,
            Map<String, String> skipped) {
        StringBuilder o = new StringBuilder();
        o.append("# conversations4j benchmark")
                .append(cfg.quick ? " (--quick: a smoke run, not figures to quote)" : "")
                .append("\n\n");
        o.append("Run ")
                .append(Main.now())
                .append(". Code: ")
                .append(cfg.revision)
                .append(". ")
                .append(machine())
                .append("\n\n");
        o.append("Settings: ")
                .append(cfg.warmup)
                .append(" warm-up + ")
                .append(cfg.rounds)
                .append(" measured interleaved rounds; per round and client: ")
                .append(cfg.seqCalls)
                .append(" sequential sends, ")
                .append(cfg.lives)
                .append(" lives (")
                .append(cfg.lives * 4)
                .append(" calls), ")
                .append(cfg.parCalls)
                .append(" sends from ")
                .append(Main.THREADS)
                .append(" threads; time to first call: ")
                .append(cfg.firstCallReps)
                .append(" fresh JVMs per client, median. Bytes: ")
                .append(Main.allocationSource())
                .append(". CPU: client JVM, all its threads (GC and JIT included): ")
                .append(CpuClock.source())
                .append(". ")
                .append(
                        "Ratios: ×floor is to the hand-written floor, ×pub to the better published SDK for that figure.\n\n");

        // Targets.
        List<String> sdks = new ArrayList<>();
        for (String v : SDK_VARIANTS) {
            if (stats.containsKey(v)) {
                sdks.add(v);
            }
        }
        o.append("## Targets (this SDK against the best published SDK)\n\n");
        o.append("| figure | target | best published |");
        for (String v : sdks) {
            o.append(' ').append(v).append(" |");
        }
        o.append("\n|---|---|---|");
        for (int i = 0; i < sdks.size(); i++) {
            o.append("---|");
        }
        o.append('\n');
        for (Figure f : FIGURES) {
            String[] best = bestPublished(stats, f);
            o.append("| ")
                    .append(f.label)
                    .append(" | ")
                    .append(f.target)
                    .append(" | ")
                    .append(best == null ? "n/a" : fmt(Double.parseDouble(best[1]), f.unit) + " (" + best[0] + ")")
                    .append(" |");
            for (String v : sdks) {
                double x = f.f.applyAsDouble(stats.get(v).get(f.w));
                o.append(' ').append(fmt(x, f.unit));
                if (best != null) {
                    double ratio = x / Double.parseDouble(best[1]);
                    boolean pass = f.lowerIsBetter ? ratio <= 1.0 : ratio >= 1.0;
                    o.append(" (")
                            .append(ratio(ratio))
                            .append(") **")
                            .append(pass ? "PASS" : "FAIL")
                            .append("**");
                }
                o.append(" |");
            }
            o.append('\n');
        }
        String[] bestFirst = null;
        for (String p : Targets.PUBLISHED) {
            if (firstCall.containsKey(p)) {
                double m = median(firstCall.get(p));
                if (bestFirst == null || m < Double.parseDouble(bestFirst[1])) {
                    bestFirst = new String[] {p, Double.toString(m)};
                }
            }
        }
        o.append("| time to first call from JVM start | ≤ 1.0× best published | ")
                .append(
                        bestFirst == null
                                ? "n/a"
                                : fmt(Double.parseDouble(bestFirst[1]), "ms") + " (" + bestFirst[0] + ")")
                .append(" |");
        for (String v : sdks) {
            if (!firstCall.containsKey(v)) {
                o.append(" n/a |");
                continue;
            }
            double m = median(firstCall.get(v));
            o.append(' ').append(fmt(m, "ms"));
            if (bestFirst != null) {
                double ratio = m / Double.parseDouble(bestFirst[1]);
                o.append(" (")
                        .append(ratio(ratio))
                        .append(") **")
                        .append(ratio <= 1.0 ? "PASS" : "FAIL")
                        .append("**");
            }
            o.append(" |");
        }
        o.append('\n');
        Footprint fp = Footprint.read(cfg);
        if (fp != null) {
            o.append("| runtime jars (SDK jar + its runtime dependencies) | ≤ ")
                    .append(MAX_JARS)
                    .append(" | ")
                    .append(fp.publishedNote)
                    .append(" | ")
                    .append(fp.jars.size())
                    .append(" **")
                    .append(fp.jars.size() <= MAX_JARS ? "PASS" : "FAIL")
                    .append("** |");
            o.append(" ↑ + the transport's jars |".repeat(Math.max(0, sdks.size() - 1)))
                    .append('\n');
            o.append("| SDK jar size | < 200 KB | | ")
                    .append(String.format(Locale.ROOT, "%.1f KB", fp.sdkJarBytes / 1024.0))
                    .append(" **")
                    .append(fp.sdkJarBytes < MAX_JAR_BYTES ? "PASS" : "FAIL")
                    .append("** |");
            o.append(" |".repeat(Math.max(0, sdks.size() - 1))).append('\n');
        }
        o.append('\n');

        roundByRound(o, stats, cfg.rounds);

        for (Workload w : Workload.values()) {
            workloadTable(o, w, stats);
        }
        whereTheTimeWent(o, stats);

        o.append("## Time to first completed call (fresh JVM per repetition)\n\n");
        o.append("| client | median ms | min ms | max ms | ×floor | ×pub |\n|---|---|---|---|---|---|\n");
        double floorFirst = firstCall.containsKey("floor") ? median(firstCall.get("floor")) : Double.NaN;
        for (Map.Entry<String, List<Long>> e : firstCall.entrySet()) {
            double m = median(e.getValue());
            o.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(fmt(m, ""))
                    .append(" | ")
                    .append(Collections.min(e.getValue()))
                    .append(" | ")
                    .append(Collections.max(e.getValue()))
                    .append(" | ")
                    .append(ratio(m / floorFirst))
                    .append(" | ")
                    .append(bestFirst == null ? "n/a" : ratio(m / Double.parseDouble(bestFirst[1])))
                    .append(" |\n");
        }
        o.append('\n');

        if (fp != null) {
            o.append("## Runtime footprint of the SDK\n\n");
            o.append(fp.jars.size())
                    .append(" jars: ")
                    .append(String.join(", ", fp.jars))
                    .append(".\n\n");
        }

        o.append("## Clients\n\n| client | what it is |\n|---|---|\n");
        for (String name : Targets.ALL) {
            if (stats.containsKey(name)) {
                o.append("| ")
                        .append(name)
                        .append(" | ")
                        .append(Targets.describe(name))
                        .append(" |\n");
            }
        }
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            o.append("| ")
                    .append(e.getKey())
                    .append(" | **not measured**: ")
                    .append(e.getValue())
                    .append(" |\n");
        }
        return o.toString();
    }

    /** A per-round figure: which workload, and which of {@link Main.Stats#roundFigures}'s values. */
    private record RoundFigure(String title, Workload workload, int index, boolean lowerIsBetter) {}

    /**
     * The wall-time figures round by round: how often this SDK beat the better published SDK of the same round, and
     * the spread of each over the rounds, so that one run's pooled figure can be read against this machine's noise.
     */
    private static void roundByRound(StringBuilder o, Map<String, Map<Workload, Stats>> stats, int rounds) {
        if (!stats.containsKey(Targets.SDK)) {
            return;
        }
        List<String> published = new ArrayList<>();
        for (String p : Targets.PUBLISHED) {
            if (stats.containsKey(p)) {
                published.add(p);
            }
        }
        if (published.isEmpty()) {
            return;
        }
        o.append("## Round by round (wall-time figures)\n\n");
        o.append("Each measured round on its own: in how many rounds ")
                .append(Targets.SDK)
                .append(" beat the better published SDK of that same round, and each one's lowest, median and highest ")
                .append("per-round value. The pooled figures above are over all rounds at once.\n\n");
        o.append("| figure | rounds won by ")
                .append(Targets.SDK)
                .append(" | ")
                .append(Targets.SDK)
                .append(" min / median / max |");
        for (String p : published) {
            o.append(' ').append(p).append(" min / median / max |");
        }
        o.append("\n|---|---|---|").append("---|".repeat(published.size())).append('\n');
        List<RoundFigure> figures = List.of(
                new RoundFigure("sequential sends: median µs per call", Workload.SEQ, 0, true),
                new RoundFigure("sequential sends: p99 µs per call", Workload.SEQ, 1, true),
                new RoundFigure("message's life: median µs per life", Workload.LIFE, 0, true),
                new RoundFigure("message's life: p99 µs per life", Workload.LIFE, 1, true),
                new RoundFigure("16 threads: calls per second", Workload.PAR, 2, false));
        for (RoundFigure f : figures) {
            Workload w = f.workload();
            int index = f.index();
            boolean lower = f.lowerIsBetter();
            List<double[]> sdk = stats.get(Targets.SDK).get(w).rounds;
            int won = 0;
            int compared = 0;
            for (int r = 0; r < sdk.size(); r++) {
                double best = Double.NaN;
                for (String p : published) {
                    List<double[]> pr = stats.get(p).get(w).rounds;
                    if (r < pr.size()) {
                        double v = pr.get(r)[index];
                        best = Double.isNaN(best) ? v : lower ? Math.min(best, v) : Math.max(best, v);
                    }
                }
                if (!Double.isNaN(best)) {
                    compared++;
                    double mine = sdk.get(r)[index];
                    if (lower ? mine <= best : mine >= best) {
                        won++;
                    }
                }
            }
            o.append("| ")
                    .append(f.title())
                    .append(" | ")
                    .append(won)
                    .append(" of ")
                    .append(compared)
                    .append(" | ")
                    .append(spread(sdk, index))
                    .append(" |");
            for (String p : published) {
                o.append(' ').append(spread(stats.get(p).get(w).rounds, index)).append(" |");
            }
            o.append('\n');
        }
        o.append('\n');
    }

    private static String spread(List<double[]> rounds, int index) {
        double[] v = new double[rounds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rounds.get(i)[index];
        }
        Arrays.sort(v);
        if (v.length == 0) {
            return "n/a";
        }
        return fmt(v[0], "") + " / " + fmt(v[(v.length - 1) / 2], "") + " / " + fmt(v[v.length - 1], "");
    }

    private static void workloadTable(StringBuilder o, Workload w, Map<String, Map<Workload, Stats>> stats) {
        o.append("## ")
                .append(w == Workload.SEQ ? "1" : w == Workload.LIFE ? "2" : "3")
                .append(". ")
                .append(w.title)
                .append("\n\n");
        boolean life = w == Workload.LIFE;
        boolean par = w == Workload.PAR;
        String per = life ? "per life (4 calls)" : "per call";
        o.append("Each cell: value (×floor, ×pub).\n\n");
        o.append("| client |")
                .append(par ? " calls/s |" : "")
                .append(" median µs ")
                .append(per)
                .append(" | p99 µs ")
                .append(per)
                .append(" | CPU µs per call | bytes per call | new connections | failed |\n");
        o.append("|---|").append(par ? "---|" : "").append("---|---|---|---|---|---|\n");
        List<Figure> figs = new ArrayList<>();
        if (par) {
            figs.add(new Figure("", w, Stats::callsPerSecond, false, "", ""));
        }
        figs.add(new Figure("", w, s -> s.percentileUs(0.5), true, "", ""));
        figs.add(new Figure("", w, s -> s.percentileUs(0.99), true, "", ""));
        figs.add(new Figure("", w, Stats::cpuUsPerCall, true, "", ""));
        figs.add(new Figure("", w, Stats::bytesPerCall, true, "", ""));
        Map<Workload, Stats> floor = stats.get("floor");
        for (Map.Entry<String, Map<Workload, Stats>> e : stats.entrySet()) {
            o.append("| ").append(e.getKey()).append(" |");
            for (Figure f : figs) {
                double x = f.f.applyAsDouble(e.getValue().get(w));
                double fl = f.f.applyAsDouble(floor.get(w));
                String[] best = bestPublished(stats, f);
                o.append(' ')
                        .append(fmt(x, ""))
                        .append(" (")
                        .append(ratio(x / fl))
                        .append(", ")
                        .append(best == null ? "n/a" : ratio(x / Double.parseDouble(best[1])))
                        .append(") |");
            }
            Stats st = e.getValue().get(w);
            o.append(' ')
                    .append(st.connections)
                    .append(" in ")
                    .append(st.calls)
                    .append(" calls | ")
                    .append(st.errors)
                    .append(" |\n");
        }
        o.append('\n');
    }

    /**
     * Where each workload's wall time went, per call: the client's CPU, the server's, and the machine's idle time,
     * halts, wake-up interrupts and context switches ({@link MachineClock}). Wall time that is neither client nor
     * server CPU is mostly CPUs waiting to be woken: on a VM, a halted CPU wakes through the host.
     */
    private static void whereTheTimeWent(StringBuilder o, Map<String, Map<Workload, Stats>> stats) {
        o.append("## Where the time went\n\n");
        o.append(
                        "Per call, summed over the measured rounds. Wall: the batches' elapsed time over their calls (with 16 ")
                .append(
                        "threads, 1 / calls per second). CPU: the client's JVM and the loopback server's process. Idle: time ")
                .append("the machine's ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " CPUs spent idle. Halts: entries into an idle state other than polling; on a VM each one makes ")
                .append("the next wake-up of that CPU a trip through the host. IPIs: rescheduling and function-call ")
                .append(
                        "interrupts between CPUs. Server CPU includes its connection threads that ended during a batch. ")
                .append("n/a: not readable on this OS.\n\n");
        o.append(
                "| workload | client | wall µs | client CPU µs | server CPU µs | idle µs | halts | IPIs | switches |\n");
        o.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Workload w : Workload.values()) {
            for (Map.Entry<String, Map<Workload, Stats>> e : stats.entrySet()) {
                Stats s = e.getValue().get(w);
                o.append("| ")
                        .append(w.name().toLowerCase(Locale.ROOT))
                        .append(" | ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(fmt(s.wallNs / 1000.0 / s.calls, ""))
                        .append(" | ")
                        .append(fmt(s.cpuUsPerCall(), ""))
                        .append(" | ")
                        .append(fmt(s.perCall(s.serverCpuNs) / 1000.0, ""))
                        .append(" | ")
                        .append(fmt(s.perCall(s.idleUs), ""))
                        .append(" | ")
                        .append(fmt2(s.perCall(s.halts)))
                        .append(" | ")
                        .append(fmt2(s.perCall(s.ipis)))
                        .append(" | ")
                        .append(fmt2(s.perCall(s.switches)))
                        .append(" |\n");
            }
        }
        o.append('\n');
    }

    private static String fmt2(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f", x);
    }

    /** {name, value} of the better published SDK for a figure, or null when none was measured. */
    private static String[] bestPublished(Map<String, Map<Workload, Stats>> stats, Figure f) {
        String[] best = null;
        for (String p : Targets.PUBLISHED) {
            if (!stats.containsKey(p)) {
                continue;
            }
            double x = f.f.applyAsDouble(stats.get(p).get(f.w));
            if (best == null || (f.lowerIsBetter ? x < Double.parseDouble(best[1]) : x > Double.parseDouble(best[1]))) {
                best = new String[] {p, Double.toString(x)};
            }
        }
        return best;
    }

    static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    static String fmt(double x, String unit) {
        String num;
        if (Double.isNaN(x)) {
            num = "n/a";
        } else if (Math.abs(x) >= 1000) {
            num = String.format(Locale.ROOT, "%,.0f", x);
        } else if (Math.abs(x) >= 100) {
            num = String.format(Locale.ROOT, "%.0f", x);
        } else {
            num = String.format(Locale.ROOT, "%.1f", x);
        }
        return unit.isEmpty() ? num : num + " " + unit;
    }

    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        String load = "";
        try {
            load = ", load average at the end "
                    + Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0] + " (at the start "
                    + Main.loadAtStart + ")";
        } catch (IOException e) {
            // not Linux
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + load + "; "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; client JVM flags "
                + ManagementFactory.getRuntimeMXBean().getInputArguments() + ".";
    }

    /** The SDK's runtime classpath as Maven resolves it for the root project, plus the SDK jar. */
    static final class Footprint {
        final List<String> jars = new ArrayList<>();
        long sdkJarBytes;
        String publishedNote = "";

        static Footprint read(Config cfg) {
            if (cfg.footprint == null || cfg.sdkJar == null) {
                return null;
            }
            try {
                Footprint f = new Footprint();
                f.jars.add(cfg.sdkJar.getFileName().toString());
                for (String e : Files.readString(cfg.footprint).trim().split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        f.jars.add(Paths.get(e.trim()).getFileName().toString());
                    }
                }
                f.sdkJarBytes = Files.size(cfg.sdkJar);
                f.publishedNote = publishedJars();
                return f;
            } catch (IOException e) {
                Main.log("no footprint: " + e);
                return null;
            }
        }

        /** The published SDKs' own runtime jar counts, from this run's classpath file when the run script wrote it. */
        private static String publishedJars() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String name : new String[] {"sib", "brevo"}) {
                Path p = Paths.get(
                        System.getProperty("bench.published.dir", "benchmark/target"), "published-" + name + ".txt");
                if (Files.exists(p)) {
                    int n = 0;
                    for (String e : Files.readString(p).trim().split(File.pathSeparator)) {
                        if (!e.isBlank()) {
                            n++;
                        }
                    }
                    sb.append(sb.length() == 0 ? "" : ", ")
                            .append(name)
                            .append(": ")
                            .append(n);
                }
            }
            return sb.length() == 0 ? "" : sb + " jars (upstream poms, test scope excluded)";
        }
    }
}
