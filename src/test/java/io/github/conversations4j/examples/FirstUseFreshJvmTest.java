package io.github.conversations4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first exceptions of a JVM, made concurrently: no deadlock, each the documented type. */
class FirstUseFreshJvmTest {
    @Test
    void firstUseInFreshJvms() throws Exception {
        String java = System.getProperty("java.home") + "/bin/java";
        for (int run = 0; run < 6; run++) {
            Process p = new ProcessBuilder(
                            java, "-cp", System.getProperty("java.class.path"), FirstUseMain.class.getName())
                    .redirectErrorStream(true)
                    .start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("FRESHJVM " + run + ": " + out.trim());
            assertTrue(done, "child JVM hung");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("RESULT {BrevoConnectionException=6, InvalidRequestException=12, loaded=6}"), out);
        }
    }
}
