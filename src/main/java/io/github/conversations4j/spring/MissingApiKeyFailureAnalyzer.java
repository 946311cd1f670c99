package io.github.conversations4j.spring;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Turns "required a bean of type ConversationsApi that could not be found" into a report that names
 * {@code brevo.conversations.api-key}, when that is why: the key is not set, so the auto-configuration made no
 * client. Runs before Boot's own analyzer of a missing bean; says nothing (Boot's report stands) when the key is
 * set, or when the missing bean is of another type.
 */
final class MissingApiKeyFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
        implements Ordered {
    private final Environment environment;

    /**
     * Created by Boot, which passes the application's environment.
     *
     * @param environment where the key would be
     */
    MissingApiKeyFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        Class<?> type = cause.getResolvableType() == null
                ? cause.getBeanType()
                : cause.getResolvableType().resolve();
        if (type != ConversationsApi.class && type != ConversationsClient.class) {
            return null;
        }
        if (new ClientCondition().keyOrSandbox(environment)) {
            return null; // the key is there: something else kept the client away, Boot's report says what
        }
        String name = type.getSimpleName();
        return new FailureAnalysis(
                "A bean of type " + type.getName() + " was required, but none was created: " + ClientFactory.PREFIX
                        + "api-key is not set, and the SDK's auto-configuration creates the " + name + " only with it.",
                "Set " + ClientFactory.PREFIX + "api-key in the application's configuration (application.properties or "
                        + ".yml, or the environment variable BREVO_CONVERSATIONS_APIKEY); in a test, set "
                        + ClientFactory.PREFIX + "sandbox.enabled=true, or define a " + name + " bean of your own.",
                cause);
    }
}
