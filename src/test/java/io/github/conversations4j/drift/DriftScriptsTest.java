package io.github.conversations4j.drift;

import static io.github.conversations4j.drift.DriftTest.CONTRACT_2026;
import static io.github.conversations4j.drift.DriftTest.SWAGGER2;
import static io.github.conversations4j.drift.DriftTest.UPSTREAM;
import static io.github.conversations4j.drift.DriftTest.assertDifferences;
import static io.github.conversations4j.drift.DriftTest.assertUnreadable;
import static io.github.conversations4j.drift.DriftTest.at;
import static io.github.conversations4j.drift.DriftTest.golden;
import static io.github.conversations4j.drift.DriftTest.listAt;
import static io.github.conversations4j.drift.DriftTest.load;
import static io.github.conversations4j.drift.DriftTest.mapOf;
import static io.github.conversations4j.drift.DriftTest.message;
import static io.github.conversations4j.drift.DriftTest.yaml;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.conversations4j.drift.DriftTool.Result;
import io.github.conversations4j.testing.TestTls;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi/drift}, {@code openapi/drift-report} and the steps of {@code .github/workflows/regenerate.yml} as
 * processes, the way people and CI run them. Few of them start the tool's JVM (each costs a second or more): the
 * exit status of the launcher whatever the JVM does, a real run each way, out of memory, a download past its deadline,
 * and the launcher's own ways to find SnakeYAML and run without a class cache. The report and the workflow steps run
 * against a stand-in {@code openapi/drift}, which ends the way a test needs: what they do with each exit status is
 * what matters there.
 */
class DriftScriptsTest {
    static final Path WORKFLOW = Path.of(".github/workflows/regenerate.yml");

    @TempDir
    static Path tmp;

    static Result run(String script, Map<String, String> env, Object... args) throws IOException, InterruptedException {
        return DriftTool.run(tmp, script, env, args);
    }

    static Result exec(List<String> command, Map<String, String> env, Path directory)
            throws IOException, InterruptedException {
        return DriftTool.exec(tmp, command, env, directory);
    }

    static Path write(String name, String text) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "case");
        return Files.writeString(dir.resolve(name), text, UTF_8);
    }

    static Path executable(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    // -------------------------------------------------------------------------------------------------------------
    // openapi/drift: the exit status is 0 or 1 only when the tool itself decided it.

    @Test
    void theLauncherPassesTheToolsAnswerThrough() throws Exception {
        Result same = run("openapi/drift", Map.of(), UPSTREAM);
        assertEquals(0, same.exit(), () -> "openapi/conversations.yaml follows " + UPSTREAM + "\n" + same);
        assertEquals("", same.out());
        // Differences (exit 1) pass through in theReportIsTheIssueBody and theLauncherRunsTheSourceWithoutACache.

        assertUnreadable(
                run("openapi/drift", Map.of("DRIFT_DOWNLOAD_SECONDS", "soon"), CONTRACT_2026),
                "DRIFT_DOWNLOAD_SECONDS must be a whole number of seconds");
        assertUnreadable(
                run("openapi/drift", Map.of("DRIFT_MAX_HEAP", "lots"), CONTRACT_2026),
                "DRIFT_MAX_HEAP must be a heap size");
    }

    /**
     * A stand-in JVM that prints a sentence and then ends in one of the ways a real one can. Only a status the tool
     * recorded and exited with is passed on; everything else is 2, with nothing on stdout.
     */
    @Test
    void anyOtherEndOfTheJvmIsExitTwo() throws Exception {
        Path javaHome = tmp.resolve("fake-jdk");
        executable(
                javaHome.resolve("bin/java"),
                "#!/usr/bin/env bash",
                "for a; do case \"$a\" in -Ddrift.statusFile=*) status_file=\"${a#-Ddrift.statusFile=}\";; esac; done",
                "echo 'PUT /conversations/x: a sentence from a JVM that is about to fail.'",
                "case \"$FAKE_JAVA\" in",
                "  differences) echo 1 > \"$status_file\"; exit 1 ;;",
                "  unrecorded) echo 'Error: Could not find or load main class Drift' >&2; exit 1 ;;",
                "  out-of-memory) echo 'Terminating due to java.lang.OutOfMemoryError: Java heap space' >&2; exit 3 ;;",
                "  killed) kill -9 $$ ;;",
                "  mismatch) echo 0 > \"$status_file\"; exit 1 ;;",
                "  uncaught) echo 'Exception in thread \"main\" java.lang.NumberFormatException' >&2; exit 1 ;;",
                "esac");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("unrecorded", "it exited with 1 before the tool recorded a result");
        cases.put("uncaught", "it exited with 1 before the tool recorded a result");
        cases.put(
                "out-of-memory", "it exited with 3, the JVM's status when it runs out of memory (DRIFT_MAX_HEAP=256m)");
        cases.put("killed", "it was killed by signal 9 (SIGKILL");
        cases.put("mismatch", "it exited with 1 but the tool recorded 0");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Result result = run(
                    "openapi/drift", Map.of("JAVA_HOME", javaHome.toString(), "FAKE_JAVA", c.getKey()), CONTRACT_2026);
            assertUnreadable(result, "drift: could not check: the Java process failed: " + c.getValue());
        }
        Result recorded = run(
                "openapi/drift", Map.of("JAVA_HOME", javaHome.toString(), "FAKE_JAVA", "differences"), CONTRACT_2026);
        assertDifferences(List.of("PUT /conversations/x: a sentence from a JVM that is about to fail."), recorded);
    }

    /** A real JVM, its heap cut to 24 MB, reading a (valid, 5.5 MB: within the input limit) definition that needs more. */
    @Test
    void runningOutOfMemoryIsExitTwo() throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (BufferedWriter out = Files.newBufferedWriter(big, UTF_8)) {
            out.write(Files.readString(CONTRACT_2026, UTF_8));
            out.write("x-padding:\n");
            for (int i = 0; i < 500_000; i++) {
                out.write("  - {a: 1}\n");
            }
        }
        Result result = run("openapi/drift", Map.of("DRIFT_MAX_HEAP", "24m"), big);
        assertUnreadable(result, "out of memory");
    }

    /**
     * The deadline of a whole download, set through DRIFT_DOWNLOAD_SECONDS, holds against a server that sends a byte a
     * second. The bound of the wait only catches a hang.
     */
    @Test
    void theDownloadDeadlineHoldsAgainstADrippingServer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.serverContext()));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                while (!release.await(1, TimeUnit.SECONDS)) {
                    body.write('#');
                    body.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            Map<String, String> env = Map.of("DRIFT_DOWNLOAD_SECONDS", "3", "JAVA_TOOL_OPTIONS", trustOptions());
            long start = System.nanoTime();
            Result result = run(
                    "openapi/drift",
                    env,
                    "--ours",
                    CONTRACT_2026,
                    "https://127.0.0.1:" + server.getAddress().getPort() + "/swagger_definition_v3.yml");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertUnreadable(result, "not downloaded within the deadline of 3 seconds for the whole download");
            assertTrue(
                    took.compareTo(Duration.ofSeconds(90)) < 0, "ended at the deadline, not with the server: " + took);
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /** JVM options under which the tool's JVM trusts the test certificate (and, for this run, only it). */
    static String trustOptions() throws Exception {
        Path trustStore = tmp.resolve("trust.p12");
        if (!Files.exists(trustStore)) {
            KeyStore source = KeyStore.getInstance("PKCS12");
            try (InputStream in = DriftScriptsTest.class.getResourceAsStream("/tls/test-server.p12")) {
                assertNotNull(in);
                source.load(in, "changeit".toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-server", source.getCertificate("server"));
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, "changeit".toCharArray());
            }
        }
        return "-Djavax.net.ssl.trustStore=" + trustStore
                + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    // -------------------------------------------------------------------------------------------------------------
    // openapi/drift-report: the issue body, and nothing unless there are differences.

    /**
     * A copy of openapi/drift-report in a directory of its own, next to a stand-in openapi/drift that prints the file
     * FAKE_OUT (when set), records its arguments in FAKE_ARGS, and ends with FAKE_STATUS (or is killed).
     */
    static Path sandbox() throws IOException {
        Path root = Files.createTempDirectory(tmp, "checkout");
        Files.createDirectories(root.resolve("openapi"));
        Files.copy(
                Path.of("openapi/drift-report"),
                root.resolve("openapi/drift-report"),
                StandardCopyOption.COPY_ATTRIBUTES);
        executable(
                root.resolve("openapi/drift"),
                "#!/usr/bin/env bash",
                "[ -z \"${FAKE_ARGS:-}\" ] || printf '%s\\n' \"$@\" > \"$FAKE_ARGS\"",
                "[ -z \"${FAKE_OUT:-}\" ] || cat \"$FAKE_OUT\"",
                "[ -z \"${FAKE_ERR:-}\" ] || echo \"$FAKE_ERR\" >&2",
                "[ \"$FAKE_STATUS\" != killed ] || kill -9 $$",
                "exit \"$FAKE_STATUS\"");
        return root;
    }

    static Result report(Path sandbox, Map<String, String> env, Object... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "openapi/drift-report"));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return exec(command, env, sandbox);
    }

    /** The one end-to-end run: the real drift-report and drift, from the checkout. */
    @Test
    void theReportIsTheIssueBody() throws Exception {
        List<String> differences = golden("sendinblue-swagger2-conversations-vs-2026.txt");
        Result report = run(
                "openapi/drift-report",
                Map.of(),
                "--source",
                "https://api.brevo.test/definition.yml",
                SWAGGER2,
                "--no-ignore",
                "--ours",
                CONTRACT_2026);
        assertEquals(1, report.exit(), report::toString);
        String body = report.out();
        assertTrue(
                body.startsWith("`openapi/drift` finds " + differences.size() + " differences between Brevo's"), body);
        assertTrue(body.contains("\n- Source: https://api.brevo.test/definition.yml\n"), body);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SWAGGER2)));
        assertTrue(body.contains("\n- SHA-256 of the definition checked: `" + sha256 + "`\n"), body);
        assertTrue(body.contains("\n```text\n" + String.join("\n", differences) + "\n```\n"), body);
        assertFalse(body.contains("Found by"), "no run link outside GitHub Actions");
        assertTrue(body.contains("drift-ignore"), "says how to accept a deliberate difference");

        Path sandbox = sandbox();
        Path list = write("differences.txt", String.join("\n", differences) + "\n");
        Path args = tmp.resolve("args.txt");
        Result onGitHub = report(
                sandbox,
                Map.of(
                        "GITHUB_RUN_ID",
                        "42",
                        "GITHUB_REPOSITORY",
                        "o/r",
                        "GITHUB_SERVER_URL",
                        "https://github.com",
                        "FAKE_OUT",
                        list.toString(),
                        "FAKE_STATUS",
                        "1",
                        "FAKE_ARGS",
                        args.toString()),
                SWAGGER2.toAbsolutePath(),
                "--no-ignore",
                "--ours",
                CONTRACT_2026);
        assertEquals(1, onGitHub.exit(), onGitHub::toString);
        assertTrue(
                onGitHub.out().contains("\n- Found by: https://github.com/o/r/actions/runs/42\n"), onGitHub::toString);
        assertTrue(onGitHub.out().contains("\n- Source: " + SWAGGER2.toAbsolutePath() + "\n"), "the file, no --source");
        assertEquals(
                List.of(
                        "--no-ignore",
                        "--ours",
                        CONTRACT_2026.toString(),
                        SWAGGER2.toAbsolutePath().toString()),
                Files.readAllLines(args, UTF_8),
                "drift gets the options, then UPSTREAM");
    }

    /**
     * The contract the workflow relies on: a body on stdout with exit 1 and only then; whatever else drift does is exit
     * 2 with nothing on stdout, so that no issue is overwritten by a crash.
     */
    @Test
    void theReportPrintsABodyOnlyForDifferences() throws Exception {
        Path sandbox = sandbox();
        Path one = write("one.txt", "schema X, field y: upstream has it, ours does not.\n");
        Path none = write("none.txt", "");

        Result same = report(sandbox, Map.of("FAKE_STATUS", "0"), CONTRACT_2026.toAbsolutePath());
        assertEquals(0, same.exit(), same::toString);
        assertEquals("", same.out());

        Result differs = report(sandbox, Map.of("FAKE_STATUS", "1", "FAKE_OUT", one.toString()), "upstream.yaml");
        assertEquals(1, differs.exit(), differs::toString);
        assertTrue(differs.out().startsWith("`openapi/drift` finds 1 difference between"), differs::toString);

        record Crash(Map<String, String> env, String message) {}
        List<Crash> crashes = List.of(
                new Crash(
                        Map.of("FAKE_STATUS", "2", "FAKE_ERR", "drift: cannot read upstream x: no such file"),
                        "openapi/drift ended with exit 2"),
                new Crash(Map.of("FAKE_STATUS", "3"), "openapi/drift ended with exit 3"),
                new Crash(
                        Map.of("FAKE_STATUS", "killed", "FAKE_OUT", one.toString()),
                        "openapi/drift ended with exit 137"),
                // What a crash looked like before: exit 1 with no sentence. Never "0 differences".
                new Crash(
                        Map.of("FAKE_STATUS", "1", "FAKE_OUT", none.toString()),
                        "openapi/drift said \"differences\" (exit 1)" + " but listed none"),
                new Crash(
                        Map.of("FAKE_STATUS", "0", "FAKE_OUT", one.toString()),
                        "openapi/drift said \"no difference\" (exit" + " 0) but printed some"));
        for (Crash crash : crashes) {
            Result result = report(sandbox, crash.env(), "upstream.yaml");
            assertEquals(2, result.exit(), () -> crash + ": " + result);
            assertEquals("", result.out(), () -> crash + ": nothing on stdout, no body: " + result);
            assertTrue(result.err().contains("drift-report: could not check: " + crash.message()), result::toString);
            assertTrue(result.err().contains("an open drift issue is to be left as it is"), result::toString);
        }
        Result usage = report(sandbox, Map.of("FAKE_STATUS", "1"));
        assertEquals(2, usage.exit());
        assertEquals("", usage.out());
    }

    @Test
    void theReportStaysWithinGitHubsLimitsAndItsFence() throws Exception {
        Map<String, Object> doc = load(CONTRACT_2026);
        for (int i = 0; i < 1500; i++) {
            message(doc).put("zFieldWithAVeryLongNameThatBrevoMightAddOneDay" + i, mapOf("type", "string"));
        }
        listAt(message(doc), "type", "enum").add("```"); // sorts first: "type" < "zField..."
        Result drift =
                DriftTool.drift("--no-ignore", "--ours", CONTRACT_2026, write("upstream.yaml", yaml().dump(doc)));
        assertEquals(1, drift.exit(), drift::toString);
        Path list = write("differences.txt", drift.out());

        Result report = report(sandbox(), Map.of("FAKE_STATUS", "1", "FAKE_OUT", list.toString()), "upstream.yaml");
        assertEquals(1, report.exit(), report::toString);
        assertTrue(
                report.out().length() < 65_536,
                "GitHub refuses longer issue bodies: " + report.out().length());
        assertTrue(
                report.out().startsWith("`openapi/drift` finds 1501 differences"),
                report.out().substring(0, 100));
        Matcher more = Pattern.compile("\n\\.\\.\\. and (\\d+) more: run openapi/drift")
                .matcher(report.out());
        assertTrue(more.find(), "says how many lines were cut");
        long shown = report.out()
                .lines()
                .filter(l -> l.startsWith("schema ConversationsMessage, field "))
                .count();
        assertEquals(1501, shown + Long.parseLong(more.group(1)));
        // A sentence with ``` in it cannot close the block: the fence is longer.
        assertTrue(report.out().contains("\n````text\n"), "a four-backtick fence");
        assertTrue(report.out().contains("enum value \"```\": upstream has it"));
    }

    // -------------------------------------------------------------------------------------------------------------
    // The workflow, its steps run here (all but the download; drift and gh replaced by stand-ins).

    static Map<String, Object> workflow() throws IOException {
        return yaml().load(Files.readString(WORKFLOW, UTF_8));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps() throws IOException {
        Map<String, Object> job = at(workflow(), "jobs", "drift");
        return (List<Map<String, Object>>) job.get("steps");
    }

    static Map<String, Object> step(String name) throws IOException {
        return steps().stream()
                .filter(s -> name.equals(s.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name));
    }

    static String env(String name) throws IOException {
        return (String) at(workflow(), "jobs", "drift", "env").get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWorkflowIsValidAndWiredUp() throws Exception {
        Map<String, Object> workflow = workflow();
        // YAML 1.1 reads the key "on" as true.
        Map<String, Object> on = at(workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(true));
        assertNotNull(listAt(on, "schedule").get(0), "weekly");
        assertTrue(((Map<?, ?>) listAt(on, "schedule").get(0))
                .get("cron")
                .toString()
                .matches("\\S+ \\S+ \\* \\* \\d"));
        assertTrue(on.containsKey("workflow_dispatch"));
        Object issues = workflow.get("permissions") instanceof Map<?, ?> top && top.containsKey("issues")
                ? top.get("issues")
                : at(workflow, "jobs", "drift", "permissions").get("issues");
        assertEquals("write", issues, "the workflow may write issues");
        assertEquals("https://api.brevo.com/v3/swagger_definition_v3.yml", env("SPEC_URL"));

        Map<String, Object> java = steps().stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
                .findFirst()
                .orElseThrow();
        assertEquals("temurin", at(java, "with").get("distribution"));
        assertEquals("17", at(java, "with").get("java-version"));

        String download = (String) step("Download Brevo's definition").get("run");
        for (String option : List.of("--fail", "--retry ", "--location", "$SPEC_URL")) {
            assertTrue(download.contains(option), "curl " + option);
        }
        Map<String, Object> compare = step("Compare with openapi/conversations.yaml");
        assertEquals("drift", compare.get("id"));
        assertTrue(((String) compare.get("run")).contains("openapi/drift-report --source \"$SPEC_URL\""));
        Map<String, Object> issue = step("Open or update the drift issue");
        assertEquals("steps.drift.outputs.status == '1'", issue.get("if"), "the issue is touched for differences only");
        assertEquals("${{ github.token }}", at(issue, "env").get("GH_TOKEN"));

        for (Map<String, Object> step : steps()) {
            if (step.get("run") instanceof String script) {
                Result syntax =
                        exec(List.of("bash", "-n", write("step.sh", script).toString()), Map.of(), null);
                assertEquals(0, syntax.exit(), () -> step.get("name") + ": " + syntax);
            }
        }
        // The pull request: after the drift job, only when refresh took changes in; its own token reads only; the
        // App's token writes; nothing happens without the App.
        Map<String, Object> pr = at(workflow, "jobs", "pull-request");
        assertEquals("drift", pr.get("needs"));
        assertEquals("needs.drift.outputs.refresh == '1'", pr.get("if"));
        assertEquals(Map.of("contents", "read"), pr.get("permissions"));
        assertEquals(
                "${{ steps.refresh.outputs.status }}",
                at(workflow, "jobs", "drift", "outputs").get("refresh"));
        Map<String, Object> app = ((List<Map<String, Object>>) pr.get("steps"))
                .stream()
                        .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/create-github-app-token@"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("${{ secrets.REFRESH_APP_PRIVATE_KEY }}", at(app, "with").get("private-key"));
        assertEquals("${{ vars.REFRESH_APP_CLIENT_ID }}", at(app, "with").get("client-id"));
        assertEquals("write", at(app, "with").get("permission-pull-requests"));
        assertEquals(
                "${{ steps.token.outputs.token }}",
                at(pullRequestStep("Open or update the draft pull request"), "env")
                        .get("GH_TOKEN"));
        for (Map<String, Object> step : (List<Map<String, Object>>) pr.get("steps")) {
            assertTrue(
                    step.get("if") != null || step.get("id").equals("app"), "every step but the check needs the App");
            if (step.get("run") instanceof String script) {
                Result syntax =
                        exec(List.of("bash", "-n", write("step.sh", script).toString()), Map.of(), null);
                assertEquals(0, syntax.exit(), () -> step.get("name") + ": " + syntax);
            }
        }
        assertTrue(Files.isExecutable(Path.of("openapi/refresh")), "openapi/refresh is executable");
        assertTrue(Files.isExecutable(Path.of("openapi/drift")), "openapi/drift is executable");
        assertTrue(Files.isExecutable(Path.of("openapi/drift-report")), "openapi/drift-report is executable");
    }

    /** A stand-in gh that logs its calls and answers "issue list" with GH_LIST. */
    static Path fakeGh() throws IOException {
        Path bin = Files.createTempDirectory(tmp, "bin");
        executable(
                bin.resolve("gh"),
                "#!/usr/bin/env bash",
                "echo \"$*\" >> \"$GH_LOG\"",
                "if [ \"$1 $2\" = 'issue list' ]; then cat \"$GH_LIST\"; exit \"${GH_LIST_STATUS:-0}\"; fi");
        return bin;
    }

    /**
     * The compare step and then, as GitHub would (its "if"), the issue step, with a stand-in drift and gh and an open
     * drift issue: differences update it; no difference, an unreadable definition, a crash of any kind leave it alone,
     * and the last two fail the job.
     */
    @Test
    void onlyDifferencesReachTheIssue() throws Exception {
        String compare =
                (String) step("Compare with openapi/conversations.yaml").get("run");
        String issue = (String) step("Open or update the drift issue").get("run");
        String title = env("ISSUE_TITLE");
        Path bin = fakeGh();
        Path one = write("one.txt", "schema X, field y: upstream has it, ours does not.\n");
        Path none = write("none.txt", "");
        String open = new ObjectMapper().writeValueAsString(List.of(Map.of("number", 7, "title", title)));

        record Case(String name, String status, Path out, String recorded, int jobExit) {}
        List<Case> cases = List.of(
                new Case("differences", "1", one, "1", 0),
                new Case("no difference", "0", none, "0", 0),
                new Case("unreadable", "2", none, "2", 2),
                new Case("out of memory", "3", none, "2", 2),
                new Case("killed", "killed", one, "2", 2),
                new Case("exit 1 without a sentence", "1", none, "2", 2));
        for (Case c : cases) {
            Path sandbox = sandbox();
            Path runnerTemp = Files.createTempDirectory(tmp, "runner");
            Files.writeString(runnerTemp.resolve("brevo-definition.yml"), "openapi: 3.0.1\n");
            Path output = runnerTemp.resolve("github-output");
            Path log = runnerTemp.resolve("gh.log");
            Map<String, String> env = Map.of(
                    "RUNNER_TEMP",
                    runnerTemp.toString(),
                    "GITHUB_OUTPUT",
                    output.toString(),
                    "SPEC_URL",
                    "https://api.brevo.test/definition.yml",
                    "FAKE_STATUS",
                    c.status(),
                    "FAKE_OUT",
                    c.out().toString(),
                    "PATH",
                    bin + ":" + System.getenv("PATH"),
                    "GH_LOG",
                    log.toString(),
                    "GH_LIST",
                    write("list.json", open).toString(),
                    "ISSUE_TITLE",
                    title,
                    "GH_TOKEN",
                    "fake");
            Result step =
                    exec(List.of("bash", "-e", write("compare.sh", compare).toString()), env, sandbox);
            assertEquals("status=" + c.recorded() + "\n", Files.readString(output, UTF_8), () -> c + ": " + step);
            assertEquals(c.jobExit(), step.exit(), () -> c + ": " + step);
            if (c.recorded().equals("1")) { // the issue step's "if"
                Result edit =
                        exec(List.of("bash", "-e", write("issue.sh", issue).toString()), env, sandbox);
                assertEquals(0, edit.exit(), edit::toString);
                assertTrue(
                        Files.readString(runnerTemp.resolve("issue.md"), UTF_8).contains("```text\n"));
                assertTrue(
                        step.out().contains("- Source: https://api.brevo.test/definition.yml"), "the body, in the log");
                assertTrue(Files.readAllLines(log, UTF_8).get(1).startsWith("issue edit 7 --body-file "));
            } else {
                assertFalse(Files.exists(log), () -> c + ": gh is never called");
                assertEquals("", Files.readString(runnerTemp.resolve("issue.md"), UTF_8), () -> c + ": no body");
            }
        }
    }

    /** The issue step with a stand-in gh: a new issue, the open one with the same title updated, a failed search. */
    @Test
    void theIssueStepOpensOrUpdatesOneIssue() throws Exception {
        String script = (String) step("Open or update the drift issue").get("run");
        String title = env("ISSUE_TITLE");
        Path bin = fakeGh();
        ObjectMapper json = new ObjectMapper();

        record Case(List<Map<String, Object>> open, int listStatus, int exit, String lastCall) {}
        List<Case> cases = List.of(
                new Case(List.of(), 0, 0, "issue create --title " + title + " --body-file "),
                new Case(
                        List.of(Map.of("number", 9, "title", title + " (old)"), Map.of("number", 7, "title", title)),
                        0,
                        0,
                        "issue edit 7 --body-file "),
                new Case(List.of(), 1, 1, "issue list"));
        for (Case c : cases) {
            Path runnerTemp = Files.createTempDirectory(tmp, "runner");
            Files.writeString(runnerTemp.resolve("issue.md"), "body");
            Path log = runnerTemp.resolve("gh.log");
            Path list = Files.writeString(runnerTemp.resolve("list.json"), json.writeValueAsString(c.open()));
            Result step = exec(
                    List.of("bash", "-e", write("issue.sh", script).toString()),
                    Map.of(
                            "PATH",
                            bin + ":" + System.getenv("PATH"),
                            "GH_LOG",
                            log.toString(),
                            "GH_LIST",
                            list.toString(),
                            "GH_LIST_STATUS",
                            String.valueOf(c.listStatus()),
                            "ISSUE_TITLE",
                            title,
                            "RUNNER_TEMP",
                            runnerTemp.toString(),
                            "GH_TOKEN",
                            "fake"),
                    null);
            assertEquals(c.exit(), step.exit(), step::toString);
            List<String> calls = Files.readAllLines(log, UTF_8);
            assertTrue(calls.get(0).startsWith("issue list --state open"), calls::toString);
            assertTrue(calls.get(calls.size() - 1).startsWith(c.lastCall()), calls::toString);
            assertTrue(calls.size() <= 2, "one search, at most one change: " + calls);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // openapi/refresh in the workflow: the real tool's report is the draft pull request's body (gh a stand-in).

    @SuppressWarnings("unchecked")
    static Map<String, Object> pullRequestStep(String name) throws IOException {
        List<Map<String, Object>> steps = (List<Map<String, Object>>)
                at(workflow(), "jobs", "pull-request").get("steps");
        return steps.stream()
                .filter(s -> name.equals(s.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name));
    }

    static Result git(Path dir, String script) throws Exception {
        Result r = exec(
                List.of("bash", "-ec", script),
                Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                dir);
        assertEquals(0, r.exit(), () -> script + "\n" + r);
        return r;
    }

    /**
     * The refresh step with the real openapi/refresh in a checkout of its own, then the pull-request step with a
     * stand-in gh and a local origin: a new draft pull request first; a week later, the open one's branch gets a new
     * commit on top of the maintainer's, and its body is replaced.
     */
    @Test
    void theRefreshReportIsTheDraftPullRequestsBody() throws Exception {
        Path root = Files.createTempDirectory(tmp, "repo");
        Path checkout = root.resolve("checkout");
        Files.createDirectories(checkout.resolve("openapi/drift-tool"));
        Files.createDirectories(checkout.resolve("openapi/upstream"));
        for (String f : List.of("openapi/drift", "openapi/refresh", "openapi/drift-tool/Drift.java")) {
            Files.copy(Path.of(f), checkout.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.copy(CONTRACT_2026, checkout.resolve("openapi/upstream/brevo-conversations.yaml"));
        git(root, "git init -q --bare -b main origin.git");
        git(
                checkout,
                "git init -q -b main && git add -A && git -c user.name=t -c user.email=t@t commit -q -m base"
                        + " && git remote add origin ../origin.git && git push -q origin main");

        Path runnerTemp = Files.createTempDirectory(tmp, "runner");
        Path definition = runnerTemp.resolve("brevo-definition.yml");
        Path output = runnerTemp.resolve("github-output");
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "RUNNER_TEMP",
                runnerTemp.toString(),
                "GITHUB_OUTPUT",
                output.toString(),
                "SPEC_URL",
                "https://api.brevo.test/definition.yml"));
        Path refreshStep = write(
                "refresh.sh", (String) step("Take it in (openapi/refresh)").get("run"));

        // A download that is not a definition: the job fails, nothing is written, no body.
        Files.writeString(definition, "<html>503 Service Unavailable</html>\n", UTF_8);
        Result unreadable = exec(List.of("bash", "-e", refreshStep.toString()), env, checkout);
        assertEquals(2, unreadable.exit(), unreadable::toString);
        assertEquals("status=2\n", Files.readString(output, UTF_8));
        assertTrue(unreadable.err().contains("refresh: upstream "), unreadable::toString);
        assertFalse(Files.exists(runnerTemp.resolve("pull-request.md")));
        assertFalse(Files.exists(checkout.resolve("openapi/upstream/brevo-conversations.previous.yaml")));
        assertEquals(
                Files.readString(CONTRACT_2026, UTF_8),
                Files.readString(checkout.resolve("openapi/upstream/brevo-conversations.yaml"), UTF_8));
        Files.delete(output);

        Files.writeString(definition, yaml().dump(RefreshTest.fourChanges()), UTF_8);
        Result refresh = exec(List.of("bash", "-e", refreshStep.toString()), env, checkout);
        assertEquals(0, refresh.exit(), refresh::toString);
        assertEquals("status=1\n", Files.readString(output, UTF_8));
        String report = Files.readString(runnerTemp.resolve("refresh.md"), UTF_8);
        assertTrue(report.contains("\n4 changes, 0 of which break."), report);
        String body = Files.readString(runnerTemp.resolve("pull-request.md"), UTF_8);
        assertTrue(body.contains("\n\n" + report), "the body carries the report as refresh printed it:\n" + body);
        assertTrue(body.length() < 65_536);

        // The artifact, as the pull-request job downloads it.
        Path artifact = Files.createTempDirectory(tmp, "artifact");
        Files.createDirectories(artifact.resolve("snapshot"));
        Files.copy(runnerTemp.resolve("pull-request.md"), artifact.resolve("pull-request.md"));
        for (String f : List.of("brevo-conversations.yaml", "brevo-conversations.previous.yaml")) {
            Files.copy(
                    runnerTemp.resolve("snapshot").resolve(f),
                    artifact.resolve("snapshot").resolve(f));
        }
        // The job's own checkout: the base as it was.
        Path job = root.resolve("job");
        git(root, "git clone -q -b main origin.git job");
        Path bin = Files.createTempDirectory(tmp, "bin");
        Path log = runnerTemp.resolve("gh.log");
        Path sentBody = runnerTemp.resolve("sent-body.md");
        executable(
                bin.resolve("gh"),
                "#!/usr/bin/env bash",
                "echo \"$*\" >> \"$GH_LOG\"",
                "if [ \"$1 $2\" = 'pr list' ]; then echo \"$GH_PR_NUMBER\"; exit 0; fi",
                "while [ $# -gt 0 ]; do [ \"$1\" != --body-file ] || cp \"$2\" \"$GH_BODY\"; shift; done");
        String script = (String)
                pullRequestStep("Open or update the draft pull request").get("run");
        Map<String, String> prEnv = new LinkedHashMap<>(Map.of(
                "PATH",
                bin + ":" + System.getenv("PATH"),
                "GH_LOG",
                log.toString(),
                "GH_BODY",
                sentBody.toString(),
                "GH_TOKEN",
                "fake",
                "ARTIFACT",
                artifact.toString(),
                "BRANCH",
                "upstream/brevo-refresh",
                "BASE",
                "main",
                "PR_TITLE",
                "Brevo changed",
                "GIT_CONFIG_GLOBAL",
                "/dev/null"));
        prEnv.put("GH_PR_NUMBER", "");
        Result created = exec(List.of("bash", "-e", write("pr.sh", script).toString()), prEnv, job);
        assertEquals(0, created.exit(), created::toString);
        List<String> calls = Files.readAllLines(log, UTF_8);
        assertTrue(calls.get(0).startsWith("pr list --head upstream/brevo-refresh --state open"), calls::toString);
        assertTrue(
                calls.get(1)
                        .startsWith("pr create --draft --base main --head upstream/brevo-refresh --title Brevo"
                                + " changed --body-file "),
                calls::toString);
        assertEquals(body, Files.readString(sentBody, UTF_8));
        Result branch = git(
                root.resolve("origin.git"),
                "git show upstream/brevo-refresh:openapi/upstream/" + "brevo-conversations.yaml");
        assertEquals(Files.readString(definition, UTF_8), branch.out(), "the new snapshot on the branch");
        assertEquals(
                Files.readString(CONTRACT_2026, UTF_8),
                git(
                                root.resolve("origin.git"),
                                "git show upstream/brevo-refresh:openapi/upstream/brevo-conversations.previous.yaml")
                        .out());

        // A maintainer's commit on the branch, then the next week's run (the same files, a new body): kept, updated.
        git(
                root,
                "git clone -q -b upstream/brevo-refresh origin.git work && cd work && echo x > spec-work.txt"
                        + " && git add -A && git -c user.name=m -c user.email=m@m commit -q -m work && git push -q origin HEAD");
        Files.writeString(artifact.resolve("pull-request.md"), body + "a week later\n", UTF_8);
        Files.delete(log);
        prEnv.put("GH_PR_NUMBER", "5");
        Result updated = exec(List.of("bash", "-e", write("pr.sh", script).toString()), prEnv, job);
        assertEquals(0, updated.exit(), updated::toString);
        calls = Files.readAllLines(log, UTF_8);
        assertEquals(2, calls.size(), calls::toString);
        assertTrue(calls.get(1).startsWith("pr edit 5 --body-file "), calls::toString);
        assertTrue(Files.readString(sentBody, UTF_8).endsWith("a week later\n"));
        assertEquals(
                "work",
                git(root.resolve("origin.git"), "git log -1 --format=%s upstream/brevo-refresh")
                        .out()
                        .trim(),
                "the maintainer's commit stays (nothing new to commit, nothing forced)");
    }

    // -------------------------------------------------------------------------------------------------------------
    // The launcher's ways to find SnakeYAML and to run.

    @Test
    void theLauncherUsesThePomsSnakeYaml() throws Exception {
        Matcher pom = Pattern.compile("<artifactId>snakeyaml</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml"), UTF_8));
        assertTrue(pom.find(), "pom.xml has SnakeYAML (so that mvn -B verify puts it in the local repository)");
        assertTrue(
                Files.readString(Path.of("openapi/drift"), UTF_8).contains("snakeyaml_version=" + pom.group(1) + "\n"),
                "openapi/drift looks for the version the pom fetches");
    }

    @Test
    void theLauncherFetchesSnakeYamlWhenItIsMissing() throws Exception {
        Path jar = DriftTool.snakeYamlJar();
        Path bin = Files.createTempDirectory(tmp, "bin");
        // A stand-in for Maven that "downloads" from the test class path into -Dmaven.repo.local, or fails.
        executable(
                bin.resolve("mvn"),
                "#!/usr/bin/env bash",
                "[ -z \"${FAKE_MVN_FAILS:-}\" ] || { echo 'Could not transfer artifact' >&2; exit 1; }",
                "for a in \"$@\"; do case \"$a\" in -Dmaven.repo.local=*) repo=\"${a#-Dmaven.repo.local=}\";; esac; done",
                "mkdir -p \"$repo/org/yaml/snakeyaml/2.5\" && cp '" + jar + "' \"$repo/org/yaml/snakeyaml/2.5/\"");
        String path = bin + ":" + System.getenv("PATH");

        Path empty = Files.createTempDirectory(tmp, "m2");
        Result fails = run(
                "openapi/drift",
                Map.of("PATH", path, "MAVEN_REPO_LOCAL", empty.toString(), "FAKE_MVN_FAILS", "yes"),
                "--ours",
                CONTRACT_2026,
                CONTRACT_2026);
        assertUnreadable(fails, "could not fetch org.yaml:snakeyaml:2.5 with Maven");

        Result fetched = run(
                "openapi/drift",
                Map.of("PATH", path, "MAVEN_REPO_LOCAL", empty.toString()),
                "--no-ignore",
                "--ours",
                CONTRACT_2026,
                CONTRACT_2026);
        assertDifferences(List.of(), fetched);
        assertTrue(fetched.err().contains("fetching org.yaml:snakeyaml:2.5 into " + empty), fetched::toString);
        assertTrue(Files.isRegularFile(empty.resolve("org/yaml/snakeyaml/2.5/snakeyaml-2.5.jar")));
    }

    /** Without a usable class cache, Java's source-file mode runs Drift.java: same result, only slower. */
    @Test
    void theLauncherRunsTheSourceWithoutACache() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("cache-is-a-file"), "");
        Result result = run(
                "openapi/drift",
                Map.of("DRIFT_CACHE_DIR", notADirectory + "/drift"),
                "--no-ignore",
                "--ours",
                CONTRACT_2026,
                SWAGGER2);
        assertDifferences(golden("sendinblue-swagger2-conversations-vs-2026.txt"), result);
    }
}
