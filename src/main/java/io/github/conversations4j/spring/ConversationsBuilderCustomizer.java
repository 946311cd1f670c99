package io.github.conversations4j.spring;

import io.github.conversations4j.BrevoConversations;

/**
 * Changes the builder of the auto-configured client after the {@code brevo.conversations.*} properties were
 * applied: for what no property can hold, such as a TLS socket factory that trusts a corporate CA. Declare it as a
 * bean; every one is applied, in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * ConversationsBuilderCustomizer corporateTls(SSLContext corporate) {
 *   return builder -> builder.sslSocketFactory(corporate.getSocketFactory());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConversationsBuilderCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(BrevoConversations.Builder builder);
}
