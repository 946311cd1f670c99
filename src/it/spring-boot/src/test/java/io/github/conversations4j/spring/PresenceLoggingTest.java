package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conversations4j.presence.AgentPresence;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Boot application (its own logging system, Logback) whose key Brevo refuses: the presence stops its agents,
 * and the application's log says so at WARN, naming the agents and the key's property, never the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class PresenceLoggingTest {
    static final String GOOD_KEY = "xkeysib-presence-good-0123456789";
    static final String WRONG_KEY = "xkeysib-presence-WRONG-9876543210";

    /**
     * An application with the SDK's auto-configuration alone: started by {@code SpringApplication}, so with Boot's
     * own logging system (Logback, the JUL bridge), but without the rest of the auto-configurations, which only
     * make the start slow.
     */
    @SpringBootConfiguration
    @ImportAutoConfiguration(ConversationsAutoConfiguration.class)
    static class App {}

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), condition); // a log line signals nobody; the bound catches a hang
    }

    @Test
    void anAgentStoppedBy401_isLoggedAtWarnOnTheApplicationsLog_namingTheAgentAndTheProperty(CapturedOutput output)
            throws Exception {
        try (ConversationsSandbox sandbox =
                        ConversationsSandbox.builder().apiKey(GOOD_KEY).start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "brevo.conversations.api-key=" + WRONG_KEY,
                                "brevo.conversations.base-url=" + sandbox.baseUrl(),
                                "brevo.conversations.presence.agents=agent-presence-1,agent-presence-2")
                        .run()) {
            AgentPresence presence = app.getBean(AgentPresence.class);
            await(
                    "both agents reported stopped on the log",
                    () -> output.getOut().contains("agent-presence-1")
                            && output.getOut().contains("agent-presence-2"));

            String line = output.getOut()
                    .lines()
                    .filter(l -> l.contains("agent-presence-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(line)
                    .contains("WARN")
                    .contains("brevo.conversations.api-key")
                    .contains("401");
            assertThat(presence.toString()).contains("agents=0");
        }
        assertThat(output.getAll()).doesNotContain(WRONG_KEY).doesNotContain(GOOD_KEY);
    }
}
