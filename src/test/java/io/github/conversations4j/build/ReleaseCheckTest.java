package io.github.conversations4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code .ci/release-check} on copies of the real {@code pom.xml} and {@code CHANGELOG.md} put in a release's state,
 * in a scratch git repository whose commits have fixed dates: the good copies pass, and each bad one fails with
 * the line that names what is wrong.
 */
// 17 scratch git repositories: a long tail the default mvn verify leaves to -Pfull, which CI (.ci/run) runs; an IDE
// run, which sets no property, runs it too.
@org.junit.jupiter.api.condition.DisabledIfSystemProperty(
        named = "conversations4j.quick",
        matches = "true",
        disabledReason = "runs with -Pfull (CI runs it): mvn -B -Pfull verify")
class ReleaseCheckTest {
    private static final String URL = "https://github.com/conversations4j/brevo-conversations";
    private static final String PARENT_TIME = "2027-01-31T08:00:00Z";
    private static final String RELEASE_TIME = "2027-01-31T10:00:00Z";
    private static final String TAG_TIME = "2027-01-31T10:05:00Z";

    @TempDir
    Path dir;

    /** The real files as the first release (0.1.0) has them: dated, linked, time stamp set. */
    static Map<String, String> firstRelease() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        String changelog = Files.readString(Path.of("CHANGELOG.md"), StandardCharsets.UTF_8);
        assertTrue(changelog.contains("## [Unreleased]\n") && changelog.contains("\n[Unreleased]: "), changelog);
        changelog = changelog
                .replace("## [Unreleased]\n", "## [Unreleased]\n\n## [0.1.0] - 2027-01-31\n")
                .replaceAll(
                        "\n\\[Unreleased]: [^\n]*",
                        "\n[Unreleased]: " + URL + "/compare/v0.1.0...HEAD\n[0.1.0]: " + URL + "/releases/tag/v0.1.0");
        return Map.of("pom.xml", stamp(pom, RELEASE_TIME), "CHANGELOG.md", changelog);
    }

    /** The second release (0.1.1) after it: the baseline moved to 0.1.0, missing baselines fail. */
    static Map<String, String> secondRelease() throws IOException {
        Map<String, String> first = firstRelease();
        String pom = property(
                property(first.get("pom.xml"), "japicmp.baseline.version", "0.1.0"),
                "japicmp.ignoreMissingOldVersion",
                "false");
        String changelog = first.get("CHANGELOG.md")
                .replace(
                        "## [Unreleased]\n\n## [0.1.0] - 2027-01-31\n",
                        "## [Unreleased]\n\n## [0.1.1] - 2027-01-31\n\n### Fixed\n- Something.\n\n## [0.1.0] - 2027-01-20\n")
                .replace(
                        "[Unreleased]: " + URL + "/compare/v0.1.0...HEAD\n",
                        "[Unreleased]: " + URL + "/compare/v0.1.1...HEAD\n[0.1.1]: " + URL
                                + "/compare/v0.1.0...v0.1.1\n");
        return Map.of("pom.xml", pom, "CHANGELOG.md", changelog);
    }

    static String stamp(String pom, String time) {
        return property(pom, "project.build.outputTimestamp", time);
    }

    static String property(String pom, String name, String value) {
        String result =
                pom.replaceFirst("<" + name + ">[^<]*</" + name + ">", "<" + name + ">" + value + "</" + name + ">");
        assertFalse(result.equals(pom) && !pom.contains("<" + name + ">" + value + "<"), "no property " + name);
        return result;
    }

    record Result(int exit, String output) {}

    /** Commits the files as the tagged commit (with a parent before it) and runs the check. */
    Result check(String version, Map<String, String> files) throws IOException, InterruptedException {
        git(PARENT_TIME, "init", "-q", ".");
        Files.writeString(dir.resolve("README"), "before the release\n");
        git(PARENT_TIME, "add", "-A");
        git(PARENT_TIME, "commit", "-q", "-m", "before");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        git(TAG_TIME, "add", "-A");
        git(TAG_TIME, "commit", "-q", "-m", "Release " + version);
        return run(
                List.of("bash", Path.of(".ci/release-check").toAbsolutePath().toString(), version, dir.toString()),
                null);
    }

    void git(String time, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Result r = run(command, time);
        assertEquals(0, r.exit(), String.join(" ", command) + ": " + r.output());
    }

    Result run(List<String> command, String time) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("GITHUB_ACTIONS");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        if (time != null) {
            pb.environment().put("GIT_AUTHOR_DATE", time);
            pb.environment().put("GIT_COMMITTER_DATE", time);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "still running: " + command);
        return new Result(p.exitValue(), out);
    }

    @Test
    void theFirstReleaseReadyPasses() throws Exception {
        Result r = check("0.1.0", firstRelease());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ok    links: [0.1.0]: " + URL + "/releases/tag/v0.1.0\n"), r.output());
        assertTrue(r.output().contains("ok    baseline: the first release"), r.output());
        assertTrue(r.output().endsWith("release-check 0.1.0: ready\n"), r.output());
    }

    @Test
    void aLaterReleaseReadyPasses() throws Exception {
        Result r = check("0.1.1", secondRelease());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ok    links: [0.1.1]: " + URL + "/compare/v0.1.0...v0.1.1\n"), r.output());
        assertTrue(
                r.output().contains("ok    baseline: japicmp.baseline.version 0.1.0, the last release\n"), r.output());
    }

    /** A bad copy: the version checked, which release's files, what is spoiled, the failure line expected. */
    record Bad(String what, String version, boolean second, String file, UnaryOperator<String> spoil, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> badCopies() {
        return Stream.of(
                        new Bad(
                                "a snapshot version",
                                "0.1.0-SNAPSHOT",
                                false,
                                "pom.xml",
                                s -> s,
                                "FAIL  version: '0.1.0-SNAPSHOT' is not a release version"),
                        new Bad(
                                "no CHANGELOG section",
                                "0.1.0",
                                false,
                                "CHANGELOG.md",
                                s -> s.replace("## [0.1.0] - 2027-01-31\n", ""),
                                "FAIL  changelog: CHANGELOG.md has no section '## [0.1.0]"),
                        new Bad(
                                "a CHANGELOG section without a date",
                                "0.1.0",
                                false,
                                "CHANGELOG.md",
                                s -> s.replace("## [0.1.0] - 2027-01-31\n", "## [0.1.0]\n"),
                                "FAIL  changelog: the heading '## [0.1.0]' is not"),
                        new Bad(
                                "an impossible date",
                                "0.1.0",
                                false,
                                "CHANGELOG.md",
                                s -> s.replace("## [0.1.0] - 2027-01-31\n", "## [0.1.0] - 2027-02-30\n"),
                                "FAIL  changelog: the heading '## [0.1.0] - 2027-02-30' is not"),
                        new Bad(
                                "no new Unreleased section",
                                "0.1.0",
                                false,
                                "CHANGELOG.md",
                                s -> s.replace("## [Unreleased]\n\n", ""),
                                "FAIL  changelog: no '## [Unreleased]' section above"),
                        new Bad(
                                "no link for the version",
                                "0.1.0",
                                false,
                                "CHANGELOG.md",
                                s -> s.replace("\n[0.1.0]: " + URL + "/releases/tag/v0.1.0", ""),
                                "FAIL  links: CHANGELOG.md must end with the link '[0.1.0]: " + URL
                                        + "/releases/tag/v0.1.0' (found: 'none')"),
                        new Bad(
                                "a link comparing the wrong versions",
                                "0.1.1",
                                true,
                                "CHANGELOG.md",
                                s -> s.replace("/compare/v0.1.0...v0.1.1", "/compare/v0.0.9...v0.1.1"),
                                "FAIL  links: CHANGELOG.md must end with the link '[0.1.1]: " + URL
                                        + "/compare/v0.1.0...v0.1.1' " + "(found: '[0.1.1]: " + URL
                                        + "/compare/v0.0.9...v0.1.1')"),
                        new Bad(
                                "the Unreleased link not moved",
                                "0.1.1",
                                true,
                                "CHANGELOG.md",
                                s -> s.replace("/compare/v0.1.1...HEAD", "/compare/v0.1.0...HEAD"),
                                "FAIL  links: CHANGELOG.md must end with the link '[Unreleased]: " + URL
                                        + "/compare/v0.1.1...HEAD'"),
                        new Bad(
                                "a time stamp on another day than the CHANGELOG's",
                                "0.1.1",
                                true,
                                "CHANGELOG.md",
                                s -> s.replace("## [0.1.1] - 2027-01-31", "## [0.1.1] - 2027-01-30"),
                                "FAIL  timestamp: project.build.outputTimestamp 2027-01-31T10:00:00Z is stale: it is on 2027-01-31 "
                                        + "(UTC), the CHANGELOG dates 0.1.1 2027-01-30"),
                        new Bad(
                                "a time stamp older than the commit before",
                                "0.1.0",
                                false,
                                "pom.xml",
                                s -> stamp(s, "2027-01-31T07:59:59Z"),
                                "FAIL  timestamp: project.build.outputTimestamp 2027-01-31T07:59:59Z is stale: it is older than the "
                                        + "commit before the tagged one"),
                        new Bad(
                                "a time stamp after the tagged commit",
                                "0.1.0",
                                false,
                                "pom.xml",
                                s -> stamp(s, "2027-01-31T23:00:00Z"),
                                "FAIL  timestamp: project.build.outputTimestamp 2027-01-31T23:00:00Z is stale: it is after the tagged "
                                        + "commit (2027-01-31T10:05:00Z)"),
                        new Bad(
                                "a time stamp that is no instant",
                                "0.1.0",
                                false,
                                "pom.xml",
                                s -> stamp(s, "2027-01-31"),
                                "FAIL  timestamp: project.build.outputTimestamp '2027-01-31' is not an ISO-8601 instant"),
                        new Bad(
                                "the baseline not bumped",
                                "0.1.1",
                                true,
                                "pom.xml",
                                s -> property(s, "japicmp.baseline.version", "0.0.9"),
                                "FAIL  baseline: japicmp.baseline.version is '0.0.9', not the last release 0.1.0"),
                        new Bad(
                                "a missing baseline still ignored",
                                "0.1.1",
                                true,
                                "pom.xml",
                                s -> property(s, "japicmp.ignoreMissingOldVersion", "true"),
                                "FAIL  baseline: japicmp.ignoreMissingOldVersion is 'true', not false"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCopies")
    void eachBadCopyFailsNamingWhatIsWrong(Bad bad) throws Exception {
        Map<String, String> files = new HashMap<>(bad.second() ? secondRelease() : firstRelease());
        String spoiled = bad.spoil().apply(files.get(bad.file()));
        assertTrue(
                !spoiled.equals(files.get(bad.file())) || bad.version().endsWith("-SNAPSHOT"),
                "the spoiling changes nothing");
        files.put(bad.file(), spoiled);
        Result r = check(bad.version(), files);
        assertEquals(1, r.exit(), r.output());
        assertTrue(
                r.output().lines().anyMatch(l -> l.startsWith(bad.expected())),
                "expected a line starting with\n  " + bad.expected() + "\ngot\n" + r.output());
        if (!bad.version().endsWith("-SNAPSHOT")) { // a version that is no release fails every check that names it
            assertEquals(
                    1,
                    r.output().lines().filter(l -> l.startsWith("FAIL")).count(),
                    "one failure only:\n" + r.output());
        }
    }

    @Test
    void aShallowCloneWithoutTheParentFails() throws Exception {
        Result first = check("0.1.0", firstRelease());
        assertEquals(0, first.exit(), first.output());
        Path shallow = dir.resolve("shallow");
        git(TAG_TIME, "clone", "-q", "--depth", "1", "file://" + dir, shallow.toString());
        Result r = run(
                List.of("bash", Path.of(".ci/release-check").toAbsolutePath().toString(), "0.1.0", shallow.toString()),
                null);
        assertEquals(1, r.exit(), r.output());
        assertTrue(
                r.output()
                        .contains("the tagged commit's parent is not in this shallow clone (check out with "
                                + "fetch-depth: 2)"),
                r.output());
    }
}
