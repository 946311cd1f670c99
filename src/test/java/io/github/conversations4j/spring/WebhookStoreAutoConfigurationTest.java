package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.webhooks.WebhookEvent;
import io.github.conversations4j.webhooks.WebhookIntake;
import io.github.conversations4j.webhooks.jdbc.JdbcWebhookIntake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The store's auto-configuration in a bare context: a JdbcWebhookIntake on the DataSource when asked, only then. */
class WebhookStoreAutoConfigurationTest {

    static AnnotationConfigApplicationContext context(Map<String, Object> properties, DataSource dataSource) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        if (dataSource != null) {
            context.registerBean(DataSource.class, () -> dataSource);
        }
        context.register(WebhookStoreAutoConfiguration.class);
        context.refresh();
        return context;
    }

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void storeJdbc_givesAnIntakeOnTheDataSource_thatStoresAndHandsOver() throws Exception {
        try (AnnotationConfigApplicationContext context = context(
                Map.of(
                        "brevo.conversations.webhook.store",
                        "jdbc",
                        "brevo.conversations.webhook.jdbc.create-schema",
                        "true",
                        "brevo.conversations.webhook.jdbc.table-prefix",
                        "shop_",
                        "brevo.conversations.webhook.jdbc.poll-interval",
                        "50ms"),
                h2("spring1"))) {
            WebhookIntake intake = context.getBean(WebhookIntake.class);
            assertInstanceOf(JdbcWebhookIntake.class, intake);
            java.util.concurrent.BlockingQueue<String> handled = new java.util.concurrent.LinkedBlockingQueue<>();
            intake.start((event, fresh) -> handled.add(event.conversationId()));
            String body =
                    "{\"eventName\":\"conversationFragment\",\"conversationId\":\"c1\",\"messages\":[{\"id\":\"m1\","
                            + "\"type\":\"visitor\",\"text\":\"hi\",\"createdAt\":1}],\"agents\":[],\"visitor\":{\"id\":\"v\"}}";
            WebhookEvent event = io.github.conversations4j.webhooks.ConversationsWebhooks.parse(body);
            assertEquals(WebhookIntake.Admission.ACCEPTED, intake.offer(event, body.getBytes(StandardCharsets.UTF_8)));
            assertEquals("c1", handled.poll(60, java.util.concurrent.TimeUnit.SECONDS), "handed over");
            // The handler returns before its event is marked done, and only the store's row says when: a named poll.
            io.github.conversations4j.testing.Await.until(
                    "the event marked done",
                    Duration.ofSeconds(60),
                    () -> ((JdbcWebhookIntake) intake).pendingEvents() == 0);
            assertEquals(List.of(), List.copyOf(handled), "handed over once");
            assertTrue(intake.toString().contains("shop_webhook_event"), intake.toString());
        }
    }

    @Test
    void withoutTheProperty_noIntake() {
        try (AnnotationConfigApplicationContext context = context(Map.of(), h2("spring2"))) {
            assertFalse(context.getBeanProvider(WebhookIntake.class).stream()
                    .findAny()
                    .isPresent());
        }
        try (AnnotationConfigApplicationContext context =
                context(Map.of("brevo.conversations.webhook.store", "memory"), h2("spring3"))) {
            assertFalse(context.getBeanProvider(WebhookIntake.class).stream()
                    .findAny()
                    .isPresent());
        }
    }

    @Test
    void aStoreNameThatIsNeitherMemoryNorJdbc_failsNamingTheProperty() {
        org.springframework.core.env.StandardEnvironment environment =
                new org.springframework.core.env.StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("brevo.conversations.webhook.store", "jbdc")));
        InvalidPropertyException e = assertThrows(
                InvalidPropertyException.class,
                () -> ConversationsAutoConfiguration.Webhooks.checkWebhookStore(environment));
        assertTrue(e.getMessage().contains("brevo.conversations.webhook.store"), e.getMessage());
        assertTrue(e.getMessage().contains("jbdc"), e.getMessage());
        for (String fine : List.of("memory", "jdbc", "JDBC")) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("test", Map.of("brevo.conversations.webhook.store", fine)));
            ConversationsAutoConfiguration.Webhooks.checkWebhookStore(environment);
        }
        ConversationsAutoConfiguration.Webhooks.checkWebhookStore(
                new org.springframework.core.env.StandardEnvironment());
    }

    @Test
    void withoutTables_startUpFailsNamingTheSchemaFile() {
        BeanCreationException e = assertThrows(
                BeanCreationException.class,
                () -> context(Map.of("brevo.conversations.webhook.store", "jdbc"), h2("spring4"))
                        .close());
        Throwable cause = e;
        while (!(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(
                cause.getMessage().contains("schema-h2.sql")
                        && cause.getMessage().contains("brevo.conversations.webhook.jdbc.create-schema=true"),
                cause.getMessage());
    }

    @Test
    void withoutADataSource_startUpSaysWhatIsMissing() {
        BeanCreationException e = assertThrows(
                BeanCreationException.class,
                () -> context(Map.of("brevo.conversations.webhook.store", "jdbc"), null)
                        .close());
        Throwable cause = e;
        while (!(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("needs one DataSource bean"), cause.getMessage());
    }
}
