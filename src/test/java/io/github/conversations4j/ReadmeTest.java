package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and of docs/*.md compiles against this build, without a warning.
 *
 * <p>A block that is a whole file (a top-level class, record, interface or enum) compiles as written. A fragment
 * (statements, a method) names its surroundings in an HTML comment on the line before it, which readers of the
 * rendered page do not see: {@code <!-- ReadmeTest: statements -->}. The names are the keys of {@link #CONTEXTS}:
 * each gives the imports a fragment gets when it shows none (a fragment that shows imports must show them all),
 * the declarations around it, and files beside it (a user's class the snippet calls). In docs/ only, a block may be
 * left out with {@code <!-- ReadmeTest: not compiled (the reason) -->}; README.md has no such block.
 */
class ReadmeTest {
    static final String TAG = "<!-- ReadmeTest: ";
    static final String SKIP = "not compiled";

    /** Where a fragment goes: imports when it shows none, code before and after it, files beside it. */
    record Context(String imports, String before, String after, Map<String, String> beside) {}

    static final String SDK_IMPORTS = String.join(
            "\n",
            "import io.github.conversations4j.*;",
            "import io.github.conversations4j.api.*;",
            "import io.github.conversations4j.errors.*;",
            "import io.github.conversations4j.model.*;",
            "import io.github.conversations4j.presence.*;",
            "import io.github.conversations4j.webhooks.*;",
            "import io.github.conversations4j.webhooks.jdbc.*;",
            "import java.time.Duration;",
            "import java.util.List;",
            "");

    static final String ORDER_NOTIFIER = String.join(
            "\n",
            "import io.github.conversations4j.api.ConversationsApi;",
            "import io.github.conversations4j.model.Body10;",
            "",
            "/** The user's code the testing snippets call: tells a visitor that their order shipped. */",
            "class OrderNotifier {",
            "  private final ConversationsApi api;",
            "",
            "  OrderNotifier(ConversationsApi api) {",
            "    this.api = api;",
            "  }",
            "",
            "  void shipped(String visitorId, String order) {",
            "    api.conversationsPushedMessagesPost(new Body10().visitorId(visitorId)",
            "        .text(\"Your order \" + order + \" has shipped\"));",
            "  }",
            "}",
            "");

    /** The surroundings a fragment may name; fields are written with full names so they need no import. */
    static final Map<String, Context> CONTEXTS = Map.of(
            // Statements in a method of an application's class that holds a client and what the examples use.
            "statements",
                    new Context(
                            SDK_IMPORTS,
                            String.join(
                                    "\n",
                                    "abstract class Snippet {",
                                    "  io.github.conversations4j.ConversationsClient conversations;",
                                    "  String apiKey;",
                                    "  io.github.conversations4j.model.Body10 body;",
                                    "  String id;",
                                    "  org.slf4j.Logger log;",
                                    "  com.github.tomakehurst.wiremock.WireMockServer wireMock;",
                                    "  java.util.Iterator<String> auditIds;",
                                    "",
                                    "  void run() throws Exception {",
                                    ""),
                            "\n  }\n}\n",
                            Map.of()),
            // Statements of a webhook receiver: the raw body, a database, and the application's own reply methods.
            "webhook handler",
                    new Context(
                            SDK_IMPORTS,
                            String.join(
                                    "\n",
                                    "abstract class Snippet {",
                                    "  javax.sql.DataSource dataSource;",
                                    "  byte[] body;",
                                    "",
                                    "  abstract void reply(io.github.conversations4j.model.ConversationsMessage message);",
                                    "",
                                    "  abstract void answer(io.github.conversations4j.model.ConversationsMessage message);",
                                    "",
                                    "  abstract void answer(int status);",
                                    "",
                                    "  void run() {",
                                    ""),
                            "\n  }\n}\n",
                            Map.of()),
            // A method of a Spring @Configuration class.
            "bean method",
                    new Context(
                            String.join(
                                    "\n",
                                    "import io.github.conversations4j.BrevoConversations;",
                                    "import io.github.conversations4j.ConversationsClient;",
                                    "import org.springframework.beans.factory.annotation.Value;",
                                    "import org.springframework.context.annotation.Bean;",
                                    "import org.springframework.context.annotation.Configuration;",
                                    ""),
                            "@Configuration\nclass Snippet {\n",
                            "}\n",
                            Map.of()),
            // A test class of the user's, calling the user's OrderNotifier.
            "uses OrderNotifier",
                    new Context(
                            String.join(
                                    "\n",
                                    "import static org.junit.jupiter.api.Assertions.assertEquals;",
                                    "import static org.junit.jupiter.api.Assertions.assertTrue;",
                                    "",
                                    "import io.github.conversations4j.BrevoConversations;",
                                    "import io.github.conversations4j.api.ConversationsApi;",
                                    "import io.github.conversations4j.sandbox.ConversationsSandbox;",
                                    "import io.github.conversations4j.sandbox.SandboxMessage;",
                                    "import java.util.List;",
                                    "import org.junit.jupiter.api.Test;",
                                    ""),
                            "",
                            "",
                            Map.of("OrderNotifier", ORDER_NOTIFIER)));

    /** A ```java block: where it is, what it says, and the context its tag names (null: a whole file). */
    record Snippet(String where, String code, String context, boolean inReadme) {}

    static List<Snippet> snippets(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<Snippet> found = new ArrayList<>();
        for (int at = text.indexOf("```java\n"); at >= 0; at = text.indexOf("```java\n", at + 1)) {
            int end = text.indexOf("\n```", at + 7);
            assertTrue(end > 0, file + ": a ```java block is not closed");
            String code = text.substring(at + "```java\n".length(), end + 1);
            int line =
                    (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
            String before = text.substring(0, at).stripTrailing();
            String previous = before.substring(before.lastIndexOf('\n') + 1);
            String context = null;
            if (previous.startsWith(TAG)) {
                assertTrue(previous.endsWith(" -->"), file + ":" + (line - 1) + ": a tag ends with ' -->'");
                context = previous.substring(TAG.length(), previous.length() - " -->".length())
                        .strip();
            }
            found.add(new Snippet(
                    file + ":" + line,
                    code,
                    context,
                    file.getFileName().toString().equals("README.md")));
        }
        return found;
    }

    static List<Snippet> allSnippets() throws Exception {
        List<Snippet> all = new ArrayList<>(snippets(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc :
                    docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                all.addAll(snippets(doc));
            }
        }
        return all;
    }

    static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:@\\w+(?:\\(.*\\))?\\s+)*(?:(?:public|final|abstract)\\s+)*(class|record|interface|enum)"
                    + "\\s+\\w+");
    static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^(?:public\\s+)(?:(?:final|abstract)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /** The source files a snippet compiles as, by file name; each snippet in a package of its own. */
    static Map<String, String> sources(Snippet snippet, String pkg) {
        String packageLine = "package " + pkg + ";\n\n";
        Map<String, String> files = new LinkedHashMap<>();
        if (snippet.context() == null) {
            assertTrue(
                    TOP_LEVEL_TYPE.matcher(snippet.code()).find(),
                    snippet.where() + ": a fragment needs a tag on the" + " line before it, " + TAG
                            + "CONTEXT -->, CONTEXT one of " + CONTEXTS.keySet() + ":\n" + snippet.code());
            Matcher name = PUBLIC_TYPE.matcher(snippet.code());
            files.put(name.find() ? name.group(1) : "Snippet", packageLine + snippet.code());
            return files;
        }
        Context context = CONTEXTS.get(snippet.context());
        assertNotNull(
                context, snippet.where() + ": no context '" + snippet.context() + "'; there are " + CONTEXTS.keySet());
        StringBuilder shownImports = new StringBuilder();
        List<String> rest = new ArrayList<>();
        for (String line : snippet.code().split("\n", -1)) {
            if (rest.isEmpty() && (line.startsWith("import ") || (line.isBlank() && shownImports.length() > 0))) {
                shownImports.append(line).append('\n');
            } else {
                rest.add(line);
            }
        }
        String body = String.join("\n", rest);
        String imports = shownImports.length() > 0 ? shownImports.toString() : context.imports();
        Matcher name = PUBLIC_TYPE.matcher(body);
        files.put(
                name.find() ? name.group(1) : "Snippet",
                packageLine + imports + "\n" + context.before() + body + context.after());
        context.beside().forEach((file, source) -> files.put(file, packageLine + source));
        return files;
    }

    @Test
    void everyJavaBlock_compilesWithoutWarnings(@TempDir Path dir) throws Exception {
        List<Snippet> snippets = allSnippets();
        long inReadme = snippets.stream().filter(Snippet::inReadme).count();
        assertTrue(inReadme >= 8, "README.md's java blocks were found: " + inReadme);
        Map<Path, Snippet> bySource = new LinkedHashMap<>();
        int n = 0;
        for (Snippet snippet : snippets) {
            n++;
            if (snippet.context() != null && snippet.context().startsWith(SKIP)) {
                assertFalse(snippet.inReadme(), snippet.where() + ": every block of README.md compiles");
                assertTrue(
                        snippet.context().length() > SKIP.length() + 5,
                        snippet.where() + ": say why it is not compiled");
                continue;
            }
            String pkg = "readme.s" + n;
            Path packageDir =
                    Files.createDirectories(dir.resolve("src").resolve("readme").resolve("s" + n));
            for (Map.Entry<String, String> file : sources(snippet, pkg).entrySet()) {
                Path source = packageDir.resolve(file.getKey() + ".java");
                Files.writeString(source, file.getValue(), StandardCharsets.UTF_8);
                bySource.put(source, snippet);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Boolean ok = javac.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of(
                                    "-classpath",
                                    System.getProperty("java.class.path"),
                                    "-d",
                                    Files.createDirectories(dir.resolve("classes"))
                                            .toString(),
                                    "-Xlint:all",
                                    "-proc:none"),
                            null,
                            files.getJavaFileObjectsFromPaths(bySource.keySet()))
                    .call();
            StringBuilder report = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                Path source =
                        d.getSource() == null ? null : Path.of(d.getSource().toUri());
                Snippet snippet = source == null ? null : bySource.get(source);
                report.append(snippet == null ? "" : snippet.where() + " (as " + source.getFileName() + ")")
                        .append(" line ")
                        .append(d.getLineNumber())
                        .append(": ")
                        .append(d.getKind())
                        .append(": ")
                        .append(d.getMessage(null))
                        .append('\n');
                if (source != null) {
                    String[] lines =
                            Files.readString(source, StandardCharsets.UTF_8).split("\n");
                    for (int i = 0; i < lines.length; i++) {
                        report.append(String.format("%4d  %s%n", i + 1, lines[i]));
                    }
                }
            }
            if (!ok || !diagnostics.getDiagnostics().isEmpty()) {
                fail("the docs' Java does not compile cleanly:\n" + report);
            }
        }
    }

    @Test
    void aFragmentWithoutATag_isNamed() {
        Snippet untagged = new Snippet("README.md:1", "conversations.close();\n", null, true);
        AssertionError e = assertThrows(AssertionError.class, () -> sources(untagged, "readme.s0"));
        assertTrue(e.getMessage().contains("README.md:1") && e.getMessage().contains("statements"), e.getMessage());
    }
}
