package io.github.conversations4j.spring;

import io.github.conversations4j.CallListener;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.presence.AgentPresence;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.spring.observation.ObservationCallListener;
import io.github.conversations4j.webhooks.WebhookHandler;
import io.github.conversations4j.webhooks.WebhookIntake;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Spring Boot auto-configuration of the SDK, for Boot 3.5, 4.0 and 4.1. With {@code brevo.conversations.api-key}
 * set, it creates a {@link ConversationsClient} bean (so a {@link ConversationsApi} bean too) from the
 * {@code brevo.conversations.*} properties, closed with the context; nothing without the key, and nothing when
 * the application defines its own {@code ConversationsApi}. Every {@link CallListener} bean is added to the
 * client, and every {@link ConversationsBuilderCustomizer} bean applied; with Micrometer's
 * {@code ObservationRegistry} (Actuator's) an {@link ObservationCallListener} records each call as
 * {@code http.client.requests}, beside {@code RestClient}'s.
 *
 * <p>With {@code brevo.conversations.presence.agents} it keeps those agents online while the application runs;
 * with {@code brevo.conversations.webhook.path} (and {@code .token}) a Spring MVC application receives Brevo's
 * webhooks there and hands each to its {@link WebhookHandler} bean, or publishes it as an application event
 * ({@link WebhookEndpoint}). With {@code brevo.conversations.sandbox.enabled=true}, for a test, the client talks to
 * the SDK's sandbox, which delivers its webhooks to that endpoint.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
@EnableConfigurationProperties(ConversationsProperties.class)
public final class ConversationsAutoConfiguration {

    /** Created by Spring. */
    public ConversationsAutoConfiguration() {}

    /**
     * The client, built from the properties.
     *
     * @param properties the {@code brevo.conversations.*} properties
     * @param listeners every {@link CallListener} bean, in order
     * @param customizers every {@link ConversationsBuilderCustomizer} bean, in order
     * @param sandbox the test sandbox, when {@code brevo.conversations.sandbox.enabled} is true
     * @return the client; Spring closes it with the context
     * @throws IllegalArgumentException naming the {@code brevo.conversations.*} property the builder refused
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ConversationsApi.class)
    @Conditional(ClientCondition.class)
    ConversationsClient conversationsClient(
            ConversationsProperties properties,
            ObjectProvider<CallListener> listeners,
            ObjectProvider<ConversationsBuilderCustomizer> customizers,
            ObjectProvider<ConversationsSandbox> sandbox) {
        sandbox.getIfAvailable(); // with brevo.conversations.sandbox.enabled: started first, it sets base-url and key
        return ClientFactory.create(
                properties,
                listeners.orderedStream().collect(Collectors.toList()),
                customizers.orderedStream().collect(Collectors.toList()));
    }

    /**
     * Keeps the agents of {@code brevo.conversations.presence.agents} online, through the application's
     * {@code ConversationsApi} bean, until the context closes. Failed pings are logged on the application's log
     * (logger {@code io.github.conversations4j.presence.AgentPresence}): an agent stopped by a 401 or 403 at WARN,
     * naming the agent and {@code brevo.conversations.api-key}.
     *
     * @param properties the properties
     * @param api the client bean
     * @return the presence, its agents' first pings sent
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AgentPresence.class)
    @Conditional(PresenceAgentsCondition.class)
    AgentPresence conversationsAgentPresence(ConversationsProperties properties, ObjectProvider<ConversationsApi> api) {
        ConversationsProperties.Presence presence = properties.getPresence();
        ConversationsApi client = api.getIfAvailable();
        if (client == null) {
            throw ClientFactory.invalid(
                    "presence.agents",
                    "is set, but there is no ConversationsApi to ping through: set " + ClientFactory.PREFIX
                            + "api-key");
        }
        AgentPresence.Builder builder = AgentPresence.builder(client).failureListener(new PresenceFailureLog());
        ClientFactory.apply("presence.interval", "interval", () -> builder.interval(presence.getInterval()));
        List<String> agents = presence.getAgents();
        for (String agent : agents) {
            if (agent == null || agent.isBlank()) {
                throw ClientFactory.invalid("presence.agents", "must not hold a blank agent id");
            }
        }
        AgentPresence built = builder.build();
        try {
            for (String agent : agents) {
                built.keepOnline(new Body12().agentId(agent.trim()));
            }
        } catch (RuntimeException e) {
            built.close();
            throw e instanceof IllegalArgumentException
                    ? ClientFactory.invalid("presence.agents", "names an agent twice: " + e.getMessage())
                    : e instanceof InvalidRequestException
                            ? ClientFactory.invalid(
                                    "presence.agents", "holds an agent id Brevo would refuse: " + e.getMessage())
                            : e;
        }
        return built;
    }

    /**
     * Fails the start of an application that runs the output of Spring AOT when a property that decides whether the
     * SDK's beans exist is set at run time but was not at build time (see {@link AotPropertyCheck}).
     *
     * @param environment the environment
     * @param beans the bean factory
     * @return the check; it does nothing without AOT
     */
    @Bean
    static InitializingBean conversationsAotPropertyCheck(
            ConfigurableEnvironment environment, ListableBeanFactory beans) {
        return new AotPropertyCheck(environment, beans, AotDetector.useGeneratedArtifacts());
    }

    /**
     * One span per call: with Micrometer Tracing (a {@code io.micrometer.tracing.Tracer} bean), the call's
     * observation is its span and writes {@code traceparent}; the client's own OpenTelemetry spans (per attempt,
     * for the Java agent or a global OpenTelemetry) are then switched off, so that a call is not traced twice.
     * Without a Micrometer {@code Tracer}, they stay on. Decided at run time (AOT-safe).
     *
     * @param beans the bean factory
     * @return the customizer
     */
    @Bean
    static ConversationsBuilderCustomizer conversationsOneTracer(ListableBeanFactory beans) {
        return builder -> {
            String tracer = "io.micrometer.tracing.Tracer";
            ClassLoader loader = ConversationsAutoConfiguration.class.getClassLoader();
            if (ClassUtils.isPresent(tracer, loader)
                    && beans.getBeanNamesForType(ClassUtils.resolveClassName(tracer, loader), false, false).length
                            > 0) {
                builder.openTelemetry(false);
            }
        };
    }

    /** Binds the client's calls to Micrometer's Observation API, when the application has a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    static class Observations {

        @Bean
        @ConditionalOnBean(ObservationRegistry.class)
        @ConditionalOnMissingBean(ObservationCallListener.class)
        ObservationCallListener conversationsObservationListener(ObservationRegistry registry) {
            return new ObservationCallListener(registry);
        }
    }

    /** Receives Brevo's webhooks in a Spring MVC application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
    @Conditional(WebhookEndpointCondition.class)
    static class Webhooks {

        @Bean(destroyMethod = "close")
        WebhookEndpoint conversationsWebhookEndpoint(
                ConversationsProperties properties,
                ApplicationEventPublisher publisher,
                ObjectProvider<WebhookHandler> handler,
                ObjectProvider<WebhookIntake> intake,
                ObjectProvider<ConversationsSandbox> sandbox,
                Environment environment) {
            checkWebhookStore(environment);
            sandbox.getIfAvailable(); // in a test with the sandbox and no token, it sets one
            WebhookHandler own = handler.getIfUnique();
            return new WebhookEndpoint(
                    properties.getWebhook(),
                    own != null ? own : (event, newMessages) -> publisher.publishEvent(event),
                    intake.getIfUnique());
        }

        /**
         * WebhookStoreAutoConfiguration binds its properties only for {@code jdbc}: without this, a typo such as
         * {@code jbdc} would fall back to the in-memory intake without a word.
         */
        static void checkWebhookStore(Environment environment) {
            String store = environment.getProperty(ClientFactory.PREFIX + "webhook.store");
            if (store != null
                    && !store.strip().equalsIgnoreCase("memory")
                    && !store.strip().equalsIgnoreCase("jdbc")) {
                throw ClientFactory.invalid("webhook.store", "must be memory or jdbc, was '" + store + "'");
            }
        }

        @Bean
        RouterFunction<ServerResponse> conversationsWebhookRoute(WebhookEndpoint endpoint) {
            return endpoint.route();
        }
    }

    /**
     * With {@code brevo.conversations.sandbox.enabled=true} (a {@code @SpringBootTest}): the SDK's sandbox in place of
     * Brevo, the client pointed at it, and its webhooks delivered to this application's own endpoint.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "brevo.conversations.sandbox", name = "enabled", havingValue = "true")
    static class Sandbox {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ConversationsSandbox.class)
        ConversationsSandbox conversationsSandbox(ConversationsProperties properties, Environment environment) {
            return SandboxFactory.start(properties, environment);
        }
    }
}
