package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.env.MockEnvironment;

/** An application that needs the client but sets no key is told which property to set, not just the bean type. */
@ExtendWith(OutputCaptureExtension.class)
class MissingApiKeyTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(ConversationsAutoConfiguration.class)
    static class NeedsTheApi {
        @Bean
        String notifier(ConversationsApi api) {
            return "uses " + api;
        }
    }

    @Test
    void aMissingKey_isReportedByItsPropertyName(CapturedOutput output) {
        SpringApplication app = new SpringApplication(NeedsTheApi.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThrows(RuntimeException.class, app::run);
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("brevo.conversations.api-key is not set")
                .contains("Set brevo.conversations.api-key")
                .doesNotContain("that could not be found"); // Boot's own report, which names only the type
    }

    @Test
    void withTheKey_orForAnotherBean_itLeavesTheReportToBoot() {
        MockEnvironment withKey = new MockEnvironment().withProperty("brevo.conversations.api-key", "k");
        assertNull(new MissingApiKeyFailureAnalyzer(withKey)
                .analyze(new NoSuchBeanDefinitionException(ConversationsApi.class)));
        MissingApiKeyFailureAnalyzer noKey = new MissingApiKeyFailureAnalyzer(new MockEnvironment());
        assertNull(noKey.analyze(new NoSuchBeanDefinitionException(String.class)));
        FailureAnalysis analysis =
                noKey.analyze(new IllegalStateException(new NoSuchBeanDefinitionException(ConversationsClient.class)));
        assertThat(analysis.getDescription())
                .contains(ConversationsClient.class.getName())
                .contains("brevo.conversations.api-key is not set");
        assertThat(analysis.getAction()).contains("BREVO_CONVERSATIONS_APIKEY").contains("sandbox.enabled=true");
    }
}
