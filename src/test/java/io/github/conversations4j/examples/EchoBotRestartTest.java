package io.github.conversations4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import io.github.conversations4j.sandbox.WebhookDelivery;
import io.github.conversations4j.testing.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The bot of docs/webhooks.md through a restart: the transcript that ends the conversation repeats every message, and the
 * restarted bot answers none of them again; an event Brevo delivers twice, or again later, is answered once; pushed
 * messages and the bot's own are never echoed. (The bot's old in-memory set of answered ids forgot them all at a
 * restart, and answered the whole conversation again.)
 */
class EchoBotRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final JdbcDataSource database = new JdbcDataSource();

    EchoBotRestartTest() {
        database.setURL("jdbc:h2:mem:echobot" + System.identityHashCode(this) + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void aRestartedBotDoesNotAnswerTheTranscriptAgain_norARedeliveredEvent_norPushedMessages() throws Exception {
        EchoBot bot = null;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            probe.setReuseAddress(true);
            int port = probe.getLocalPort();
            probe.close();
            try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                            .webhookUrl("http://127.0.0.1:" + port + "/brevo/webhook?token=t0k3n")
                            .start();
                    ConversationsClient client = BrevoConversations.builder()
                            .apiKey(sandbox.apiKey())
                            .baseUrl(sandbox.baseUrl())
                            .build()) {
                bot = new EchoBot(client, "botAgentId0000001", "t0k3n", port, database);

                sandbox.duplicateNextWebhooks(1); // Brevo may deliver an event twice
                sandbox.addVisitorMessage("v1", "Hello?");
                waitFor(sandbox, "v1", 2);
                client.conversationsPushedMessagesPost(new Body10()
                        .visitorId("v1")
                        .agentId("botAgentId0000001")
                        .text("Your order has shipped"));
                settle(sandbox);
                assertEquals(
                        List.of("Hello?", "You said: Hello?", "Your order has shipped"),
                        texts(sandbox),
                        "answered once, its own answer and the pushed message not echoed");
                List<WebhookDelivery> deliveries = sandbox.webhookDeliveries();
                assertEquals(deliveries.get(0).body(), deliveries.get(1).body(), "the first event was delivered twice");

                bot.close();
                bot = new EchoBot(client, "botAgentId0000001", "t0k3n", port, database); // the restart
                sandbox.redeliverWebhook(deliveries.get(0)); // Brevo again, later
                assertTrue(sandbox.endConversation("v1")); // the transcript: every message of the conversation
                settle(sandbox);
                bot.close(); // what it still had to send is sent
                assertTrue(sandbox.awaitWebhooks(WAIT));

                assertEquals(
                        List.of("Hello?", "You said: Hello?", "Your order has shipped"),
                        texts(sandbox),
                        "nothing answered twice after the restart");
                List<WebhookDelivery> after = sandbox.webhookDeliveries();
                WebhookDelivery transcript = after.get(after.size() - 1);
                assertEquals("conversationTranscript", transcript.eventName());
                assertEquals(200, transcript.status());
                assertTrue(transcript.body().contains("Hello?"), "the transcript repeats the visitor's message");
                assertTrue(after.stream().allMatch(d -> d.status() == 200), after.toString());
            }
        } finally {
            if (bot != null) {
                bot.close();
            }
        }
    }

    private static List<String> texts(ConversationsSandbox sandbox) {
        return sandbox.messagesFor("v1").stream()
                .map(SandboxMessage::text)
                .sorted()
                .toList();
    }

    private static void waitFor(ConversationsSandbox sandbox, String visitorId, int count) throws Exception {
        // The bot's answers reach the sandbox from the bot's own threads, which signal nobody: a named poll.
        Await.until(
                count + " messages for " + visitorId,
                WAIT,
                () -> sandbox.messagesFor(visitorId).size() >= count);
    }

    /** Every webhook delivered and handed over: an answer too many would be in the sandbox now. */
    private void settle(ConversationsSandbox sandbox) throws Exception {
        // The store's rows are the only witness of a handed-over event: a named poll.
        Await.until("no event left in the bot's store", WAIT, () -> {
            assertTrue(sandbox.awaitWebhooks(WAIT));
            int pending;
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM c4j_webhook_event WHERE status <> 'D'")) {
                rs.next();
                pending = rs.getInt(1);
            } catch (SQLException noStore) {
                pending = 0; // a bot without the store (the control run of the old bot): nothing to wait for here
            }
            // no event waits in the store, and none the bot's answers caused is on its way
            return pending == 0 && sandbox.awaitWebhooks(Duration.ZERO);
        });
    }
}
