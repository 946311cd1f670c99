package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spring, Micrometer and the servlet API are optional dependencies: only the {@code spring} package may name
 * them, so that a plain Java application, which has none of them, never loads a class that needs them.
 */
class NoFrameworkInTheCoreTest {

    @Test
    void noClassOutsideTheSpringPackage_namesSpringMicrometerOrServlets() throws Exception {
        Path root = Path.of(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path spring = root.resolve("io/github/conversations4j/spring");
        List<Path> classes;
        try (Stream<Path> all = Files.walk(root)) {
            classes = all.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(classes.size() > 100, "the SDK's classes: " + classes.size());
        long inSpring = 0;
        for (Path c : classes) {
            // Class names in the constant pool are plain modified UTF-8: a byte search finds every reference.
            String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            boolean framework = bytes.contains("org/springframework/")
                    || bytes.contains("io/micrometer/")
                    || bytes.contains("jakarta/servlet/");
            if (c.startsWith(spring)) {
                inSpring += framework ? 1 : 0;
            } else {
                assertEquals(false, framework, root.relativize(c) + " names a framework class");
            }
        }
        assertTrue(inSpring > 5, "the check finds the spring package's references: " + inSpring);
    }
}
