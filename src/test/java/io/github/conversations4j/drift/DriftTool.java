package io.github.conversations4j.drift;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code openapi/drift-tool/Drift.java} as a library: compiled here, in this JVM, from the same source the launcher
 * compiles, and called through {@code Drift.execute} (which never exits nor throws). And the scripts, run as processes.
 */
final class DriftTool {
    static final Path SOURCE = Path.of("openapi/drift-tool/Drift.java");
    static final Path HOME = Path.of("openapi");
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(3);
    /** Generous: a process may share two cores with another build. It only catches a hang. */
    static final Duration BOUND = Duration.ofMinutes(3);

    private static Method execute;
    private static Method refresh;
    private static Constructor<?> settings;

    private DriftTool() {}

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    static Path snakeYamlJar() {
        try {
            return Path.of(Yaml.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** .../org/yaml/snakeyaml/2.5/snakeyaml-2.5.jar, four levels below the repository. */
    static Path localRepository() {
        return snakeYamlJar().getParent().getParent().getParent().getParent().getParent();
    }

    private static synchronized void load() throws Exception {
        if (execute != null) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests run on a JRE without javac; Drift.java cannot be compiled");
        }
        Path classes = Path.of("target", "drift-tool-classes");
        Path compiled = classes.resolve("Drift.class");
        // Compiled again whenever the source is newer than the classes (a build after mvn clean compiles it once).
        if (!Files.exists(compiled)
                || Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(SOURCE)) < 0) {
            Files.createDirectories(classes);
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            int status = javac.run(
                    null,
                    null,
                    messages,
                    "--release",
                    "17",
                    "-nowarn",
                    "-encoding",
                    "UTF-8",
                    "-cp",
                    snakeYamlJar().toString(),
                    "-d",
                    classes.toString(),
                    SOURCE.toString());
            if (status != 0) {
                throw new IllegalStateException("Drift.java does not compile:\n" + messages.toString(UTF_8));
            }
        }
        // SnakeYAML comes from the test class path, the tool's classes from their own loader.
        URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, DriftTool.class.getClassLoader());
        Class<?> drift = loader.loadClass("Drift");
        Class<?> settingsType = loader.loadClass("Drift$Settings");
        settings = settingsType.getConstructor(Path.class, Duration.class, SSLContext.class);
        execute = drift.getMethod("execute", String[].class, PrintStream.class, PrintStream.class, settingsType);
        refresh = loader.loadClass("Drift$Refresh")
                .getMethod("execute", String[].class, PrintStream.class, PrintStream.class, settingsType);
    }

    /** openapi/drift's arguments, in this JVM, with the launcher's defaults. */
    static Result drift(Object... args) {
        return drift(DEFAULT_DEADLINE, null, args);
    }

    static Result drift(Duration deadline, SSLContext tls, Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        return execute(deadline, tls, strings);
    }

    /** openapi/refresh's arguments, in this JVM: Drift.Refresh.execute. */
    static Result refresh(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            load();
            Object s = settings.newInstance(HOME, DEFAULT_DEADLINE, null);
            int exit = (int) refresh.invoke(
                    null, strings, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), s);
            return new Result(exit, out.toString(UTF_8), err.toString(UTF_8));
        } catch (Exception e) {
            throw new AssertionError("Drift.Refresh.execute could not be called (it must never throw)", e);
        }
    }

    /** Drift.execute with these very strings (a null among them too). */
    static Result execute(Duration deadline, SSLContext tls, String[] strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            load();
            Object s = settings.newInstance(HOME, deadline, tls);
            int exit = (int) execute.invoke(
                    null, strings, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), s);
            return new Result(exit, out.toString(UTF_8), err.toString(UTF_8));
        } catch (Exception e) {
            throw new AssertionError("Drift.execute could not be called (it must never throw)", e);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The scripts, as processes.

    static Result run(Path tmp, String script, Map<String, String> env, Object... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return exec(tmp, command, env, null);
    }

    static Result exec(Path tmp, List<String> command, Map<String, String> env, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        // On GitHub Actions these are set; the tests that want them set them.
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("RUNNER_") || k.startsWith("DRIFT_"));
        // The local repository this build resolved SnakeYAML into, so that the launcher never has to download it.
        builder.environment().put("MAVEN_REPO_LOCAL", localRepository().toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(command + " did not finish within " + BOUND + "\n" + Files.readString(err, UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }
}
