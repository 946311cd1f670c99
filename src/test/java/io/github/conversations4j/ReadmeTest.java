package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start compiles as written against this build. */
class ReadmeTest {

  static String quickStart() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Quick start");
    assertTrue(section >= 0, "README has a Quick start section");
    int start = readme.indexOf("```java\n", section);
    int end = readme.indexOf("```", start + 8);
    return readme.substring(start + 8, end);
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
