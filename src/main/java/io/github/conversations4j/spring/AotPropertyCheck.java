package io.github.conversations4j.spring;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.presence.AgentPresence;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Under Spring AOT ({@code process-aot}, then {@code spring.aot.enabled=true}), whether the SDK's beans exist
 * was decided when the application was built: {@code brevo.conversations.api-key},
 * {@code brevo.conversations.presence.agents} and {@code brevo.conversations.webhook.path} set only at run time
 * would be ignored without a word. This check fails the start instead, naming the property and what to do. Does
 * nothing without AOT, where the conditions are evaluated at run time.
 */
final class AotPropertyCheck implements InitializingBean {
    private final ConfigurableEnvironment environment;
    private final ListableBeanFactory beans;
    private final boolean aot;

    AotPropertyCheck(ConfigurableEnvironment environment, ListableBeanFactory beans, boolean aot) {
        this.environment = environment;
        this.beans = beans;
        this.aot = aot;
    }

    @Override
    public void afterPropertiesSet() {
        if (!aot) {
            return;
        }
        if (environment.containsProperty(ClientFactory.PREFIX + "api-key") && none(ConversationsApi.class)) {
            throw missing("api-key", "ConversationsClient");
        }
        boolean agents = Binder.get(environment)
                .bind(ClientFactory.PREFIX + "presence.agents", Bindable.listOf(String.class))
                .map(list -> !list.isEmpty())
                .orElse(false);
        if (agents && none(AgentPresence.class)) {
            throw missing("presence.agents", "AgentPresence");
        }
        // The endpoint exists only in a Spring MVC application: one has a dispatcherServlet bean. By name, so that
        // this class needs neither the servlet API nor Spring MVC.
        if (environment.containsProperty(ClientFactory.PREFIX + "webhook.path")
                && beans.containsBean("dispatcherServlet")
                && !beans.containsBean(WEBHOOK_ENDPOINT_BEAN)) {
            throw missing("webhook.path", "webhook endpoint");
        }
    }

    /** The name of the webhook endpoint's bean in {@link ConversationsAutoConfiguration}. */
    static final String WEBHOOK_ENDPOINT_BEAN = "conversationsWebhookEndpoint";

    private boolean none(Class<?> type) {
        return beans.getBeanNamesForType(type, false, false).length == 0;
    }

    private static IllegalStateException missing(String property, String bean) {
        return new IllegalStateException(ClientFactory.PREFIX + property + " is set, but this application runs the "
                + "output of Spring AOT (spring.aot.enabled=true), which was processed without it: under AOT, which beans "
                + "exist is decided at build time, so there is no " + bean + " bean. Set " + ClientFactory.PREFIX
                + property + " (any value of the right shape) when running process-aot as well, or run without AOT.");
    }
}
