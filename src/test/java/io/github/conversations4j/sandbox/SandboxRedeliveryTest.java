package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The sandbox delivers an event twice, or again later, so that users can test their own de-duplication. */
class SandboxRedeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anEventDeliveredTwice_andOneDeliveredAgainLater() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                .webhookUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .start()) {
            sandbox.duplicateNextWebhooks(1);
            sandbox.addVisitorMessage("v1", "Hello?");
            sandbox.addVisitorMessage("v1", "Anyone?");
            assertTrue(sandbox.awaitWebhooks(WAIT));
            List<WebhookDelivery> deliveries = sandbox.webhookDeliveries();
            assertEquals(
                    List.of("conversationStarted", "conversationStarted", "conversationFragment"),
                    deliveries.stream().map(WebhookDelivery::eventName).toList(),
                    "only the next one twice");
            assertEquals(deliveries.get(0).body(), deliveries.get(1).body(), "the same body, twice in a row");

            sandbox.redeliverWebhook(deliveries.get(2));
            assertTrue(sandbox.awaitWebhooks(WAIT));
            assertEquals(4, sandbox.webhookDeliveries().size());
            assertEquals(
                    deliveries.get(2).body(), sandbox.webhookDeliveries().get(3).body());
            assertEquals(
                    sandbox.webhookDeliveries().stream()
                            .map(WebhookDelivery::body)
                            .toList(),
                    received,
                    "what the receiver got, in order");

            sandbox.duplicateNextWebhooks(5);
            sandbox.reset(); // cancels the duplicates left
            sandbox.addVisitorMessage("v2", "Hi");
            assertTrue(sandbox.awaitWebhooks(WAIT));
            assertEquals(1, sandbox.webhookDeliveries().size());
            assertThrows(IllegalArgumentException.class, () -> sandbox.duplicateNextWebhooks(0));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void withoutAWebhookUrl_redeliveryIsRefused() {
        try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
            assertThrows(IllegalStateException.class, () -> sandbox.duplicateNextWebhooks(1));
            assertThrows(
                    IllegalStateException.class,
                    () -> sandbox.redeliverWebhook(new WebhookDelivery("conversationStarted", "c", "{}", 200, null)));
        }
    }
}
