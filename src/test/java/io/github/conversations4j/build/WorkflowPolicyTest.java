package io.github.conversations4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workflows in {@code .github/workflows} and the scripts in {@code .ci} hold {@link WorkflowPolicy}'s
 * properties; and the check can fail: each case below reverts one property in an in-memory copy of the real files
 * and asserts that the check reports exactly that.
 */
class WorkflowPolicyTest {
    private static final String CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
    private static final String UPLOAD = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0";

    static Map<String, String> workflows() throws IOException {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(".github/workflows"))) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml")).toList()) {
                texts.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertTrue(
                texts.keySet().containsAll(List.of("ci.yml", "release.yml", "regenerate.yml")),
                texts.keySet().toString());
        return texts;
    }

    static Map<String, String> scripts() throws IOException {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(".ci"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.put(".ci/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertTrue(texts.containsKey(".ci/run"), texts.keySet().toString());
        return texts;
    }

    @Test
    void theCommittedWorkflowsAndScriptsHoldEveryProperty() throws IOException {
        assertEquals(List.of(), WorkflowPolicy.check(workflows(), scripts()));
    }

    /** One property reverted: file, the text replaced, which occurrence (1 = first), the new text. */
    record Reversion(String what, String file, String from, int occurrence, String to, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> reversions() {
        return Stream.of(
                        new Reversion(
                                "ci.yml without a permissions block",
                                "ci.yml",
                                "permissions:\n  contents: read\n",
                                1,
                                "",
                                "ci.yml: permissions: no top-level permissions block"),
                        new Reversion(
                                "ci.yml with permissions: write-all",
                                "ci.yml",
                                "permissions:\n  contents: read\n",
                                1,
                                "permissions: write-all\n",
                                "ci.yml: permissions: top-level permissions is 'write-all'"),
                        new Reversion(
                                "regenerate.yml grants issues: write at the top",
                                "regenerate.yml",
                                "permissions: {}\n",
                                1,
                                "permissions:\n  contents: read\n  issues: write\n",
                                "regenerate.yml: permissions: top-level grants issues: write"),
                        new Reversion(
                                "the release's test job with write-all",
                                "release.yml",
                                "    permissions:\n      contents: read\n    outputs:",
                                1,
                                "    permissions: write-all\n    outputs:",
                                "release.yml: job test: permissions: write-all"),
                        new Reversion(
                                "the release's test job may write contents",
                                "release.yml",
                                "    permissions:\n      contents: read\n    outputs:",
                                1,
                                "    permissions:\n      contents: write\n    outputs:",
                                "release.yml: job test: privileged: runs actions/setup-node (step 5), .ci/run (step 6) while holding "
                                        + "permissions contents: write"),
                        new Reversion(
                                "ci.yml's checkout keeps the token",
                                "ci.yml",
                                CHECKOUT + "\n        with:\n          persist-credentials: false\n",
                                1,
                                CHECKOUT + "\n",
                                "ci.yml: job verify, step 1: persist-credentials"),
                        new Reversion(
                                "the deploy job's checkout keeps the token",
                                "release.yml",
                                "persist-credentials: false",
                                2,
                                "persist-credentials: true",
                                "release.yml: job deploy, step 1: persist-credentials"),
                        new Reversion(
                                "regenerate.yml's checkout by tag",
                                "regenerate.yml",
                                CHECKOUT,
                                1,
                                "actions/checkout@v7.0.1",
                                "regenerate.yml: job drift, step 1: pinned: "
                                        + "actions/checkout@v7.0.1 is not pinned by a full commit SHA"),
                        new Reversion(
                                "the weekly pull request's checkout keeps the token",
                                "regenerate.yml",
                                "persist-credentials: false",
                                2,
                                "persist-credentials: true",
                                "regenerate.yml: job pull-request, step 3: persist-credentials"),
                        new Reversion(
                                "the App token action by tag",
                                "regenerate.yml",
                                "actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3",
                                1,
                                "actions/create-github-app-token@v3",
                                "regenerate.yml: job pull-request, step 2: pinned: "
                                        + "actions/create-github-app-token@v3 is not pinned by a full commit SHA"),
                        new Reversion(
                                "the pull-request job, holding the App's key, runs the tests",
                                "regenerate.yml",
                                "git config user.name 'conversations4j refresh'",
                                1,
                                "mvn -B verify",
                                "regenerate.yml: job pull-request: privileged: runs a Maven build that runs the tests (step 5) while "
                                        + "holding secrets (secrets.REFRESH_APP_PRIVATE_KEY)"),
                        new Reversion(
                                "the release's upload-artifact by major version",
                                "release.yml",
                                UPLOAD,
                                1,
                                "actions/upload-artifact@v7",
                                "release.yml: job test, step 10: pinned: actions/upload-artifact@v7"),
                        new Reversion(
                                "a short SHA",
                                "ci.yml",
                                "actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961",
                                1,
                                "actions/setup-java@b6effb05",
                                "ci.yml: job verify, step 2: pinned: actions/setup-java@b6effb05 is not pinned"),
                        new Reversion(
                                "a SHA without its version",
                                "ci.yml",
                                "setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 # v5.7.0",
                                1,
                                "setup-java@b6effb05e454b25005698d916606bdc6ffcbf961",
                                "ci.yml: line 22: pinned: actions/setup-java@"),
                        new Reversion(
                                "the deploy job runs npm",
                                "release.yml",
                                "      - name: Sign, upload",
                                1,
                                "      - run: npm ci --ignore-scripts --prefix .ci/prism\n\n      - name: Sign, upload",
                                "release.yml: job deploy: privileged: runs npm (step 5) while holding secrets"),
                        new Reversion(
                                "the deploy job runs .ci/run",
                                "release.yml",
                                "run: mvn -B -Prelease -DskipTests clean deploy -Drevision=\"$VERSION\"",
                                1,
                                "run: bash .ci/run",
                                "release.yml: job deploy: privileged: runs .ci/run (step 5) while holding secrets"),
                        new Reversion(
                                "the deploy job runs the tests",
                                "release.yml",
                                "mvn -B -Prelease -DskipTests clean deploy",
                                1,
                                "mvn -B -Prelease clean deploy",
                                "release.yml: job deploy: privileged: runs a Maven build that runs the tests (step 5)"),
                        new Reversion(
                                "the deploy job sets Node up",
                                "release.yml",
                                "      - uses: actions/download-artifact",
                                1,
                                "      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0\n"
                                        + "      - uses: actions/download-artifact",
                                "release.yml: job deploy: privileged: runs actions/setup-node (step 3) while holding secrets"),
                        new Reversion(
                                "the deploy job restores the Maven cache",
                                "release.yml",
                                "          java-version: '17'\n          # settings.xml",
                                1,
                                "          java-version: '17'\n          cache: maven\n          # settings.xml",
                                "release.yml: job deploy: privileged: restores a cache (actions/setup-java (step 2))"),
                        new Reversion(
                                "the test job is given the passphrase",
                                "release.yml",
                                "      - name: Test (.ci/run)\n        run: bash .ci/run\n",
                                1,
                                "      - name: Test (.ci/run)\n        run: bash .ci/run\n        env:\n"
                                        + "          MAVEN_GPG_PASSPHRASE: ${{ secrets.GPG_PASSPHRASE }}\n",
                                "release.yml: job test: privileged: runs actions/setup-node (step 5), .ci/run (step 6) while holding "
                                        + "secrets (secrets.GPG_PASSPHRASE)"),
                        new Reversion(
                                "a secret in the workflow's env reaches the test job",
                                "release.yml",
                                "permissions: {}\n",
                                1,
                                "permissions: {}\nenv:\n  TOKEN: ${{ secrets.CENTRAL_TOKEN_PASSWORD }}\n",
                                "release.yml: job test: privileged: runs actions/setup-node (step 5), .ci/run (step 6) while holding "
                                        + "secrets from the workflow's env"),
                        new Reversion(
                                "the release's test job with more than contents: read",
                                "release.yml",
                                "    permissions:\n      contents: read\n    outputs:",
                                1,
                                "    permissions:\n      contents: read\n      actions: read\n    outputs:",
                                "release.yml: release: job test has permissions {contents=read, actions=read}"),
                        new Reversion(
                                "deploy no longer needs test",
                                "release.yml",
                                "  deploy:\n    needs: test\n",
                                1,
                                "  deploy:\n",
                                "release.yml: release: job deploy does not need test"),
                        new Reversion(
                                "the release's test job without .ci/release-check",
                                "release.yml",
                                "        run: bash .ci/release-check \"$VERSION\"\n",
                                1,
                                "        run: echo skipped\n",
                                "release.yml: release: job test does not run .ci/release-check with the version before its first build"),
                        new Reversion(
                                "the release checks after the build",
                                "release.yml",
                                "        run: bash .ci/release-check \"$VERSION\"\n",
                                1,
                                "        run: mvn -B -DskipTests package && " + "bash .ci/release-check \"$VERSION\"\n",
                                "release.yml: release: job test does not run .ci/release-check with the version before its first build"),
                        new Reversion(
                                "the release checks without the version",
                                "release.yml",
                                "        run: bash .ci/release-check \"$VERSION\"\n",
                                1,
                                "        run: bash .ci/release-check\n",
                                "release.yml: release: job test does not run .ci/release-check with the version before its first build"),
                        new Reversion(
                                "ci.yml on pull_request_target",
                                "ci.yml",
                                "  pull_request:\n",
                                1,
                                "  pull_request_target:\n",
                                "ci.yml: trigger: pull_request_target"),
                        new Reversion(
                                "a workflow installs with npm install",
                                "ci.yml",
                                "        run: bash .ci/run\n",
                                1,
                                "        run: |\n          npm install --prefix x @stoplight/prism-cli\n"
                                        + "          bash .ci/run\n",
                                "ci.yml: job verify, step 4 (Test (.ci/run; mvn -B verify with Prism and the API gate)): npm: "
                                        + "`npm install --prefix x @stoplight/prism-cli` is not npm ci --ignore-scripts"),
                        new Reversion(
                                "a workflow runs npx",
                                "ci.yml",
                                "        run: bash .ci/run\n",
                                1,
                                "        run: npx @stoplight/prism-cli mock x.yaml\n",
                                "ci.yml: job verify, step 4 (Test (.ci/run; mvn -B verify with Prism and the API gate)): npm: npx"),
                        new Reversion(
                                ".ci/run's npm ci with install scripts",
                                ".ci/run",
                                "npm ci --ignore-scripts --no-audit",
                                1,
                                "npm ci --no-audit",
                                ".ci/run: npm: `npm ci --no-audit --no-fund --silent` is not npm ci --ignore-scripts"),
                        new Reversion(
                                ".ci/run's npm install without a lockfile",
                                ".ci/run",
                                "npm ci --ignore-scripts --no-audit --no-fund --silent",
                                1,
                                "npm install --silent --no-audit --no-fund @stoplight/prism-cli@5.16.0",
                                ".ci/run: npm: `npm install --silent --no-audit --no-fund @stoplight/prism-cli@5.16.0` is not npm ci"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reversions")
    void eachRevertedPropertyIsReported(Reversion r) throws IOException {
        Map<String, String> workflows = workflows();
        Map<String, String> scripts = scripts();
        Map<String, String> target = r.file().startsWith(".ci/") ? scripts : workflows;
        String original = target.get(r.file());
        String reverted = replaceOccurrence(original, r.from(), r.occurrence(), r.to());
        target.put(r.file(), reverted);

        List<String> violations = WorkflowPolicy.check(workflows, scripts);
        assertTrue(
                violations.stream().anyMatch(v -> v.startsWith(r.expected())),
                "expected a line starting with\n  " + r.expected() + "\ngot\n  " + String.join("\n  ", violations));
    }

    static String replaceOccurrence(String text, String from, int occurrence, String to) {
        int at = -1;
        for (int i = 0; i < occurrence; i++) {
            at = text.indexOf(from, at + 1);
            assertTrue(at >= 0, "the committed file no longer has occurrence " + occurrence + " of:\n" + from);
        }
        String result = text.substring(0, at) + to + text.substring(at + from.length());
        assertFalse(result.equals(text), "the reversion changes nothing");
        return result;
    }

    @Test
    void commandLineHelpers() {
        assertEquals(List.of("a b", "c"), WorkflowPolicy.commandLines("# x\na \\\n  b\n\n  c\n"));
        assertEquals(List.of(), WorkflowPolicy.npmInstalls("echo \"npm ci of Prism failed\" >&2"));
        assertEquals(List.of(), WorkflowPolicy.npmInstalls("(cd \"$d\" && npm ci --ignore-scripts --silent); then"));
        assertEquals(
                1,
                WorkflowPolicy.npmInstalls("npm ci --silent && echo --ignore-scripts")
                        .size());
        assertEquals(1, WorkflowPolicy.npmInstalls("npm i -g x").size());
        assertTrue(WorkflowPolicy.runsTests("mvn -B verify"));
        assertTrue(WorkflowPolicy.runsTests("mvn -B -Prelease,dry-run clean deploy"));
        assertFalse(WorkflowPolicy.runsTests("mvn -B -Prelease -DskipTests clean deploy -Drevision=\"$V\""));
        assertFalse(WorkflowPolicy.runsTests("mvn -q dependency:get -Dartifact=x"));
    }
}
