package io.github.conversations4j.build;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The properties that keep the signing key and the write tokens away from code nobody reviewed (issue 19), checked
 * on the text of the GitHub workflows and the CI scripts. {@link #check} returns one line per violation, empty when
 * all hold:
 *
 * <ul>
 *   <li>{@code permissions}: every workflow has a top-level block that grants nothing but read; {@code write-all}
 *       nowhere; a job widens only its own;
 *   <li>{@code persist-credentials}: every {@code actions/checkout} step says {@code persist-credentials: false};
 *   <li>{@code pinned}: every action or reusable workflow is pinned by a 40-hex commit SHA (a Docker image by its
 *       sha256 digest), with the version it stands for in a comment on the same line;
 *   <li>{@code privileged}: a job that holds a secret or a write token runs no npm, npx, yarn or pnpm, no
 *       {@code .ci/run}, no {@code actions/setup-node}, no Maven build that runs the tests (one without
 *       {@code -DskipTests} or {@code -Dmaven.test.skip}), and restores no cache; in other words the jobs that run
 *       third-party or test code see no secret and get a read-only token;
 *   <li>{@code trigger}: no {@code pull_request_target} or {@code workflow_run} (they run with secrets);
 *   <li>{@code npm}: every npm install, in a workflow or a script under {@code .ci/}, is
 *       {@code npm ci --ignore-scripts} (from a lockfile, with no install scripts);
 *   <li>{@code release}: {@code release.yml} has a job {@code test} with {@code contents: read} and no more, which
 *       runs {@code .ci/release-check VERSION} before any build, and a job {@code deploy} that needs it.
 * </ul>
 */
final class WorkflowPolicy {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*['\"]?([^\\s'\"#]+)['\"]?(.*)$");
    private static final Pattern VERSION_COMMENT = Pattern.compile("#\\s*v?\\d+(\\.\\d+)*\\S*");
    private static final Pattern SECRET = Pattern.compile("secrets\\.[A-Za-z_][A-Za-z0-9_]*|secrets\\[");
    private static final Pattern PACKAGE_MANAGER =
            Pattern.compile("(?<![\\w./-])(npm|npx|yarn|pnpm)(?![\\w.-])(\\s+\\S+)?");
    private static final Set<String> NPM_INSTALLS = Set.of(
            "install",
            "i",
            "in",
            "ins",
            "inst",
            "insta",
            "instal",
            "isnt",
            "isnta",
            "isntal",
            "isntall",
            "add",
            "ci",
            "clean-install",
            "install-clean",
            "ic",
            "update",
            "up",
            "upgrade",
            "rebuild",
            "rb",
            "exec",
            "x",
            "install-test",
            "it",
            "install-ci-test",
            "cit",
            "link",
            "ln");
    private static final Set<String> TEST_PHASES =
            Set.of("test", "integration-test", "package", "verify", "install", "deploy");

    private WorkflowPolicy() {}

    /**
     * @param workflows the text of each workflow, by file name
     * @param scripts the text of each CI script, by path
     * @return one line per violation, naming the file, the job or step and the property
     */
    static List<String> check(Map<String, String> workflows, Map<String, String> scripts) {
        List<String> out = new ArrayList<>();
        workflows.forEach((name, text) -> checkWorkflow(name, text, out));
        scripts.forEach((name, text) -> {
            for (String line : commandLines(text)) {
                npmInstalls(line).forEach(what -> out.add(name + ": npm: " + what));
            }
        });
        return out;
    }

    private static void checkWorkflow(String file, String text, List<String> out) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(parsed instanceof Map<?, ?> workflow)) {
            out.add(file + ": not a workflow (no mapping at the top)");
            return;
        }
        pinnedWithComments(file, text, out);

        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        for (String trigger : List.of("pull_request_target", "workflow_run")) {
            if (on instanceof Map<?, ?> m && m.containsKey(trigger)
                    || trigger.equals(on)
                    || on instanceof Collection<?> c && c.contains(trigger)) {
                out.add(file + ": trigger: " + trigger + " runs with secrets on code from outside");
            }
        }

        Object top = workflow.get("permissions");
        if (!workflow.containsKey("permissions")) {
            out.add(file
                    + ": permissions: no top-level permissions block (the token would get the repository's default)");
        } else if (!(top instanceof Map<?, ?> grants)) {
            out.add(file + ": permissions: top-level permissions is '" + top + "', not a list of read grants");
        } else {
            grants.forEach((scope, level) -> {
                if (!"read".equals(level) && !"none".equals(level)) {
                    out.add(file + ": permissions: top-level grants " + scope + ": " + level
                            + " (widen it in the job that needs it)");
                }
            });
        }
        String topSecrets = secretsIn(workflow.get("env"));

        if (!(workflow.get("jobs") instanceof Map<?, ?> jobs)) {
            out.add(file + ": no jobs");
            return;
        }
        jobs.forEach((id, body) -> {
            if (body instanceof Map<?, ?> job) {
                checkJob(file, String.valueOf(id), job, top, topSecrets, out);
            }
        });
        if (file.equals("release.yml")) {
            checkRelease(file, jobs, out);
        }
    }

    private static void checkJob(
            String file, String id, Map<?, ?> job, Object top, String topSecrets, List<String> out) {
        String where = file + ": job " + id;
        Object permissions = job.containsKey("permissions") ? job.get("permissions") : top;
        if ("write-all".equals(job.get("permissions"))) {
            out.add(where + ": permissions: write-all");
        }
        Set<String> privileges = new LinkedHashSet<>();
        if ("write-all".equals(permissions)) {
            privileges.add("permissions write-all");
        } else if (permissions instanceof Map<?, ?> grants) {
            grants.forEach((scope, level) -> {
                if ("write".equals(level)) {
                    privileges.add("permissions " + scope + ": write");
                }
            });
        }
        String secrets = secretsIn(job);
        if (!secrets.isEmpty()) {
            privileges.add("secrets (" + secrets + ")");
        }
        if (!topSecrets.isEmpty()) {
            privileges.add("secrets from the workflow's env (" + topSecrets + ")");
        }
        if ("inherit".equals(job.get("secrets"))) {
            privileges.add("secrets: inherit");
        }
        if (job.get("uses") instanceof String reusable) {
            pinned(where, reusable, out);
        }

        Set<String> untrusted = new LinkedHashSet<>();
        Set<String> caches = new LinkedHashSet<>();
        List<?> steps = job.get("steps") instanceof List<?> l ? l : List.of();
        int n = 0;
        for (Object s : steps) {
            n++;
            if (!(s instanceof Map<?, ?> step)) {
                continue;
            }
            String stepName = where + ", step " + n + (step.get("name") != null ? " (" + step.get("name") + ")" : "");
            Map<?, ?> with = step.get("with") instanceof Map<?, ?> w ? w : Map.of();
            if (step.get("uses") instanceof String uses) {
                pinned(stepName, uses, out);
                String action = uses.contains("@") ? uses.substring(0, uses.indexOf('@')) : uses;
                if (action.equals("actions/checkout")) {
                    Object persist = with.get("persist-credentials");
                    if (!Boolean.FALSE.equals(persist) && !"false".equals(persist)) {
                        out.add(stepName + ": persist-credentials: actions/checkout without persist-credentials: false "
                                + "(the token stays in .git/config for every later step)");
                    }
                }
                if (action.equals("actions/setup-node")) {
                    untrusted.add("actions/setup-node (step " + n + ")");
                }
                if (action.equals("actions/cache")
                        || action.startsWith("actions/cache/")
                        || with.get("cache") != null
                                && !String.valueOf(with.get("cache")).isBlank()) {
                    caches.add(action + " (step " + n + ")");
                }
            }
            if (step.get("run") instanceof String run) {
                for (String line : commandLines(run)) {
                    npmInstalls(line).forEach(what -> out.add(stepName + ": npm: " + what));
                    Matcher pm = PACKAGE_MANAGER.matcher(unquoted(line));
                    while (pm.find()) {
                        untrusted.add(pm.group(1) + " (step " + n + ")");
                    }
                    if (line.contains(".ci/run")) {
                        untrusted.add(".ci/run (step " + n + ")");
                    }
                    if (runsTests(line)) {
                        untrusted.add("a Maven build that runs the tests (step " + n + ")");
                    }
                }
            }
        }
        if (!privileges.isEmpty() && !untrusted.isEmpty()) {
            out.add(where + ": privileged: runs " + String.join(", ", untrusted) + " while holding "
                    + String.join(", ", privileges));
        }
        if (!privileges.isEmpty() && !caches.isEmpty()) {
            out.add(where + ": privileged: restores a cache (" + String.join(", ", caches) + ") while holding "
                    + String.join(", ", privileges)
                    + " (a cache may come from a job that ran npm packages or the tests)");
        }
    }

    private static void checkRelease(String file, Map<?, ?> jobs, List<String> out) {
        if (!(jobs.get("test") instanceof Map<?, ?> test)) {
            out.add(file + ": release: no job 'test'");
        } else if (!Map.of("contents", "read").equals(test.get("permissions"))) {
            out.add(file + ": release: job test has permissions " + test.get("permissions")
                    + ", not contents: read alone");
        }
        if (jobs.get("test") instanceof Map<?, ?> test && !releaseCheckedFirst(test)) {
            out.add(file + ": release: job test does not run .ci/release-check with the version before its first build "
                    + "(the time stamp, the CHANGELOG links and the baseline bump would go unchecked)");
        }
        if (!(jobs.get("deploy") instanceof Map<?, ?> deploy)) {
            out.add(file + ": release: no job 'deploy'");
        } else {
            Object needs = deploy.get("needs");
            if (!("test".equals(needs) || needs instanceof Collection<?> c && c.contains("test"))) {
                out.add(file + ": release: job deploy does not need test (it would release what was not tested)");
            }
        }
    }

    /** Whether a step runs {@code .ci/release-check} with an argument before any step runs Maven or {@code .ci/run}. */
    private static boolean releaseCheckedFirst(Map<?, ?> job) {
        List<?> steps = job.get("steps") instanceof List<?> l ? l : List.of();
        for (Object s : steps) {
            if (s instanceof Map<?, ?> step && step.get("run") instanceof String run) {
                for (String line : commandLines(run)) {
                    if (line.matches("(bash\\s+)?(\\./)?\\.ci/release-check\\s+\\S.*")) {
                        return true;
                    }
                    if (line.matches(".*(?<![\\w./-])(mvn|mvnw|\\.ci/run)(?![\\w.-]).*")) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /** Checks {@code uses}: a commit SHA (or a Docker digest), or a local path. */
    private static void pinned(String where, String uses, List<String> out) {
        if (uses.startsWith("./")) {
            return;
        }
        if (uses.startsWith("docker://")) {
            if (!uses.matches("docker://.+@sha256:[0-9a-f]{64}")) {
                out.add(where + ": pinned: " + uses + " is not pinned by its sha256 digest");
            }
            return;
        }
        int at = uses.lastIndexOf('@');
        if (at < 0 || !SHA.matcher(uses.substring(at + 1)).matches()) {
            out.add(where + ": pinned: " + uses + " is not pinned by a full commit SHA");
        }
    }

    /** On the raw text, as the YAML parser drops comments: each SHA-pinned {@code uses:} names its version. */
    private static void pinnedWithComments(String file, String text, List<String> out) {
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            Matcher m = USES_LINE.matcher(line);
            if (m.matches()
                    && m.group(1).matches(".+@[0-9a-f]{40}")
                    && !VERSION_COMMENT.matcher(m.group(2)).find()) {
                out.add(file + ": line " + lineNumber + ": pinned: " + m.group(1)
                        + " has no comment naming the version it stands for (# vX.Y.Z)");
            }
        }
    }

    /** The {@code secrets.*} a part of a workflow refers to, comma-separated; empty when none. */
    private static String secretsIn(Object node) {
        Set<String> found = new LinkedHashSet<>();
        collectSecrets(node, found);
        return String.join(", ", found);
    }

    private static void collectSecrets(Object node, Set<String> found) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collectSecrets(k, found);
                collectSecrets(v, found);
            });
        } else if (node instanceof Collection<?> c) {
            c.forEach(v -> collectSecrets(v, found));
        } else if (node instanceof String s) {
            Matcher m = SECRET.matcher(s);
            while (m.find()) {
                found.add(m.group());
            }
        }
    }

    /** The shell command lines of a script: continuation lines joined, comments and blank lines left out. */
    static List<String> commandLines(String script) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : script.split("\n", -1)) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line.substring(0, line.length() - 1).strip()).append(' ');
                continue;
            }
            current.append(line);
            lines.add(current.toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    /** What is wrong with the npm, npx, yarn or pnpm installs on one command line; empty when nothing. */
    static List<String> npmInstalls(String commandLine) {
        List<String> wrong = new ArrayList<>();
        String line = unquoted(commandLine);
        Matcher m = PACKAGE_MANAGER.matcher(line);
        while (m.find()) {
            String tool = m.group(1);
            String sub = m.group(2) == null ? "" : m.group(2).strip();
            if (!tool.equals("npm")) {
                wrong.add(
                        tool + " installs or runs packages without the lockfile and --ignore-scripts: `" + line + "`");
            } else if (NPM_INSTALLS.contains(sub)) {
                String rest = line.substring(m.end());
                int end = rest.indexOf(';');
                end = end < 0 ? rest.length() : end;
                for (String stop : List.of("&&", "||", "|", ")")) {
                    int i = rest.indexOf(stop);
                    if (i >= 0 && i < end) {
                        end = i;
                    }
                }
                String args = rest.substring(0, end);
                if (!sub.equals("ci") || !args.matches("(.*\\s)?--ignore-scripts(=true)?(\\s.*)?")) {
                    wrong.add("`npm " + sub + args
                            + "` is not npm ci --ignore-scripts (a lockfile install without install " + "scripts)");
                }
            }
        }
        return wrong;
    }

    /**
     * The line with quoted strings emptied: {@code echo "npm ci failed"} installs nothing. (A command inside quotes,
     * {@code bash -c "npm install"}, is missed: the check guards against a maintainer's slip, not a disguise.)
     */
    private static String unquoted(String line) {
        return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'[^']*'", "''");
    }

    /** Whether a command line runs a Maven build that runs the tests. */
    static boolean runsTests(String line) {
        Matcher m = Pattern.compile("(?<![\\w./-])(?:mvn|mvnw|\\./mvnw)(?![\\w.-])([^;&|]*)")
                .matcher(line);
        while (m.find()) {
            List<String> args = List.of(m.group(1).trim().split("\\s+"));
            boolean phase = args.stream().anyMatch(TEST_PHASES::contains);
            boolean skipped = args.stream()
                    .anyMatch(a -> a.equals("-DskipTests")
                            || a.equals("-DskipTests=true")
                            || a.equals("-Dmaven.test.skip")
                            || a.equals("-Dmaven.test.skip=true"));
            if (phase && !skipped) {
                return true;
            }
        }
        return false;
    }
}
