package io.github.conversations4j.spring;

import io.github.conversations4j.webhooks.WebhookIntake;
import io.github.conversations4j.webhooks.jdbc.JdbcWebhookIntake;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The durable webhook store in Spring Boot: with {@code brevo.conversations.webhook.store=jdbc}, a
 * {@link JdbcWebhookIntake} on the application's {@link DataSource}, which the webhook endpoint uses instead of
 * its in-memory intake. The endpoint starts and stops it; the context closes it last.
 */
@AutoConfiguration(
        before = ConversationsAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
@ConditionalOnProperty(prefix = "brevo.conversations.webhook", name = "store", havingValue = "jdbc")
@EnableConfigurationProperties(WebhookStoreProperties.class)
public final class WebhookStoreAutoConfiguration {

    /** Created by Spring. */
    public WebhookStoreAutoConfiguration() {}

    /**
     * The store, its tables checked (or created, with {@code brevo.conversations.webhook.jdbc.create-schema}).
     *
     * @param properties {@code brevo.conversations.webhook.*}
     * @param dataSources the application's DataSource
     * @return the intake, not started: the endpoint starts it
     * @throws IllegalStateException when there is no DataSource, or its database lacks the tables (naming the
     *     schema file to apply)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(WebhookIntake.class)
    JdbcWebhookIntake conversationsWebhookIntake(
            WebhookStoreProperties properties, ObjectProvider<DataSource> dataSources) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("brevo.conversations.webhook.store=jdbc needs one DataSource bean (for "
                    + "instance spring-boot-starter-jdbc with spring.datasource.url), and the context has "
                    + (dataSources.stream().findAny().isPresent() ? "several" : "none"));
        }
        WebhookStoreProperties.Jdbc jdbc = properties.getJdbc();
        try {
            return JdbcWebhookIntake.builder(dataSource)
                    .tablePrefix(jdbc.getTablePrefix())
                    .createSchema(jdbc.isCreateSchema())
                    .handlerThreads(jdbc.getHandlerThreads())
                    .pollInterval(jdbc.getPollInterval())
                    .maxAttempts(jdbc.getMaxAttempts())
                    .backoff(jdbc.getInitialBackoff(), jdbc.getMaxBackoff())
                    .leaseTime(jdbc.getLeaseTime())
                    .retention(jdbc.getRetention())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brevo.conversations.webhook.jdbc: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage() + " (in Spring Boot: brevo.conversations.webhook.jdbc" + ".create-schema=true)", e);
        }
    }
}
