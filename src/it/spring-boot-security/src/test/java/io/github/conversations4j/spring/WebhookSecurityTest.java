package io.github.conversations4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.webhooks.WebhookEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 20: with Spring Security on the class path and nothing configured, Brevo's webhooks used to get 401 (and
 * CSRF's 403), and nothing said why. Now the endpoint has its own chain for its path only: the webhook is taken,
 * and every other path is still Security's.
 */
class WebhookSecurityTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext app;
    static int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({SecuredApp.Orders.class, SecuredApp.Listener.class})
    static class SecuredApp {
        @RestController
        static class Orders {
            @PostMapping("/orders")
            String create() {
                return "created";
            }
        }

        @Component
        static class Listener {
            static final List<String> seen = new CopyOnWriteArrayList<>();
            static final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);

            @EventListener
            void on(WebhookEvent event) {
                seen.add(event.conversationId());
                first.countDown();
            }
        }
    }

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(SecuredApp.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "brevo.conversations.webhook.path=/brevo/webhook",
                        "brevo.conversations.webhook.token=" + TOKEN)
                .run();
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static int post(String pathAndQuery, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void theWebhookIsTaken_andEveryOtherPathIsStillSecured() throws Exception {
        String event = "{\"eventName\":\"conversationStarted\",\"conversationId\":\"sec-1\"}";
        assertEquals(200, post("/brevo/webhook?token=" + TOKEN, event));
        assertEquals(403, post("/brevo/webhook?token=wrong-token-0123456789", event), "the endpoint's own check");
        int orders = post("/orders", "");
        assertEquals(
                true, orders == 401 || orders == 403, "Boot's default chain still guards the application: " + orders);
        assertEquals(
                true,
                SecuredApp.Listener.first.await(30, java.util.concurrent.TimeUnit.SECONDS),
                "no event handed over");
        assertEquals(List.of("sec-1"), SecuredApp.Listener.seen);
        assertEquals(
                true,
                List.of(app.getBeanNamesForType(org.springframework.security.web.SecurityFilterChain.class))
                        .contains(ConversationsWebhookSecurityAutoConfiguration.BEAN));
    }
}
