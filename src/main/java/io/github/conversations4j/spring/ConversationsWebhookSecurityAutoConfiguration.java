package io.github.conversations4j.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security in the application, lets Brevo's webhooks reach the endpoint: Brevo sends no credentials
 * (the URL's token is the endpoint's authentication, checked by the endpoint itself), so Security's default chain
 * answers it 401, and its CSRF check 403.
 *
 * <p>It adds one {@link SecurityFilterChain}, bean {@value #BEAN}, ordered first and matching the webhook path
 * only: every request there is permitted, without CSRF, session or request cache. Every other path keeps the
 * application's chains. It runs after Boot's security auto-configuration, so that Boot's default chain (created
 * only when the application has none) is still created beside it. An application that wants its own rule for the
 * path defines a bean named {@value #BEAN}, and this one backs off.
 */
@AutoConfiguration(
        after = ConversationsAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(
        name = {
            "org.springframework.security.web.SecurityFilterChain",
            "org.springframework.security.config.annotation.web.builders.HttpSecurity"
        })
@ConditionalOnBean(WebhookEndpoint.class)
public final class ConversationsWebhookSecurityAutoConfiguration {
    /** The name of the chain's bean. */
    public static final String BEAN = "conversationsWebhookSecurityFilterChain";

    /** Created by Spring. */
    public ConversationsWebhookSecurityAutoConfiguration() {}

    /**
     * The webhook path's own chain.
     *
     * @param http Spring Security's builder (a prototype bean)
     * @param properties the properties (for the path)
     * @return the chain
     * @throws Exception as {@link HttpSecurity#build()} may
     */
    @Bean(name = BEAN)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnBean(HttpSecurity.class)
    @ConditionalOnMissingBean(name = BEAN)
    SecurityFilterChain conversationsWebhookSecurityFilterChain(HttpSecurity http, ConversationsProperties properties)
            throws Exception {
        return http.securityMatcher(properties.getWebhook().getPath())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
