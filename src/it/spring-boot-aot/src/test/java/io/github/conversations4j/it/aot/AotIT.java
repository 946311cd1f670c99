package io.github.conversations4j.it.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 22: the application after process-aot, run with spring.aot.enabled=true (set for this JVM by the pom).
 * The jar holds the output processed with brevo.conversations.sandbox.enabled=true; target/.../aot-unset the
 * output processed with no SDK property.
 */
class AotIT {
    private static final Path BUILD = Path.of(System.getProperty("aot.build.directory"));

    @Test
    void processedWithTheProperties_theClientExistsAndCallsTheSandbox() {
        assertThat(System.getProperty("spring.aot.enabled")).isEqualTo("true");
        SpringApplication application = new SpringApplication(AotApp.class);
        // As AotApp.main would: Boot names the generated initializer after the main class (here the test runner's).
        application.setMainApplicationClass(AotApp.class);
        try (ConfigurableApplicationContext context = application.run("--brevo.conversations.sandbox.enabled=true")) {
            // The context is AOT's: the generated initializer exists and the client's definition is generated code
            // (an instance supplier), not one made by evaluating the auto-configuration's conditions now.
            assertThat(AotApp.class
                            .getClassLoader()
                            .getResource(
                                    "io/github/conversations4j/it/aot/AotApp__ApplicationContextInitializer.class"))
                    .isNotNull();
            String[] names = context.getBeanNamesForType(ConversationsApi.class);
            assertThat(names).hasSize(1);
            assertThat(((RootBeanDefinition) context.getBeanFactory().getMergedBeanDefinition(names[0]))
                            .getInstanceSupplier())
                    .as("generated bean definition")
                    .isNotNull();

            ConversationsApi conversations = context.getBean(ConversationsApi.class);
            ConversationsSandbox sandbox = context.getBean(ConversationsSandbox.class);
            conversations.conversationsPushedMessagesPost(
                    new Body10().visitorId("visitor-aot").text("Shipped."));
            assertThat(sandbox.messagesFor("visitor-aot"))
                    .extracting(SandboxMessage::text)
                    .containsExactly("Shipped.");
        }
    }

    @Test
    void apiKeyOnlyAtRunTime_theStartFailsNamingTheProperty() throws Exception {
        Path unset = BUILD.resolve("aot-unset");
        assertThat(unset.resolve("io/github/conversations4j/it/aot/AotApp__ApplicationContextInitializer.class"))
                .as("the aot-unset process-aot output")
                .exists();
        // This JVM's class path (dependencies, the SDK, JUnit) without this project's own classes or jar: the
        // aot-unset output instead.
        List<String> classPath = new ArrayList<>();
        classPath.add(unset.toString());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(BUILD))
                .forEach(classPath::add);
        Path log = Files.createTempFile(BUILD, "aot-unset", ".log");
        Process app = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dspring.aot.enabled=true",
                        "-cp",
                        String.join(File.pathSeparator, classPath),
                        AotApp.class.getName(),
                        "--brevo.conversations.api-key=xkeysib-run-time-only")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Generous: a start on a loaded machine; a hang (the application starting, no failure) ends it too.
        if (!app.waitFor(3, TimeUnit.MINUTES)) {
            app.destroyForcibly();
            throw new AssertionError("the application did not stop: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(app.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("brevo.conversations.api-key is set, but this application runs the output of " + "Spring AOT")
                .doesNotContain("xkeysib-run-time-only");
    }
}
