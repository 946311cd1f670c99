package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, and every block marked as compiled, compile as written against this build. */
class ReadmeTest {
  /** The line before a Java block that must compile as a whole file. */
  static final String MARKER = "<!-- The block below is compiled by ReadmeTest: keep it a whole file. -->";

  static String quickStart() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Quick start");
    assertTrue(section >= 0, "README has a Quick start section");
    int start = readme.indexOf("```java\n", section);
    int end = readme.indexOf("```", start + 8);
    return readme.substring(start + 8, end);
  }

  /** Every Java block right after the marker. */
  static List<String> markedBlocks() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    for (int at = readme.indexOf(MARKER); at >= 0; at = readme.indexOf(MARKER, at + 1)) {
      int start = at + MARKER.length() + 1;
      assertTrue(readme.startsWith("```java\n", start), "a marked block opens right after the marker, at " + at);
      int end = readme.indexOf("```", start + 8);
      blocks.add(readme.substring(start + 8, end));
    }
    return blocks;
  }

  @Test
  void everyMarkedBlockCompiles(@TempDir Path dir) throws Exception {
    List<String> blocks = markedBlocks();
    assertTrue(blocks.size() >= 2, "the quick start and the presence example at least: " + blocks.size());
    for (String code : blocks) {
      Matcher name = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(code);
      assertTrue(name.find(), "the block is a whole file with a public class:\n" + code);
      Path out = Files.createDirectories(dir.resolve(name.group(1)));
      Path source = out.resolve(name.group(1) + ".java");
      Files.writeString(source, code, StandardCharsets.UTF_8);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      assertNotNull(javac, "tests run on a JDK");
      StringWriter diagnostics = new StringWriter();
      Boolean ok = javac.getTask(diagnostics, null, null,
          List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-Xlint:all"),
          null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
      assertTrue(ok, name.group(1) + ": " + diagnostics);
      assertEquals("", diagnostics.toString(), name.group(1) + ": no warnings either");
      assertTrue(Files.exists(out.resolve(name.group(1) + ".class")));
    }
  }

  @Test
  void quickStartCompiles(@TempDir Path dir) throws Exception {
    String code = quickStart();
    assertTrue(code.contains("public class QuickStart"), "the block is a whole file");
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, code, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    StringWriter diagnostics = new StringWriter();
    Boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-Xlint:all"),
        null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
    assertTrue(ok, diagnostics.toString());
    assertEquals("", diagnostics.toString(), "no warnings either");
    assertTrue(Files.exists(dir.resolve("QuickStart.class")));
  }
}
