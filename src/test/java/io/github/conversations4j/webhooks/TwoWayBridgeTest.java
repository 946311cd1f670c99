package io.github.conversations4j.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.examples.EchoBot;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import io.github.conversations4j.testing.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A whole two-way loop offline: the sandbox delivers webhooks to a bot, the bot answers through the SDK, its
 * answers come back in the next webhooks, and the loop guard keeps it from answering itself.
 */
class TwoWayBridgeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A ConversationsApi whose target is set once the sandbox (whose webhook URL names the bot's port) runs. */
    private static ConversationsApi late(AtomicReference<ConversationsApi> target) {
        return (ConversationsApi) Proxy.newProxyInstance(
                ConversationsApi.class.getClassLoader(),
                new Class<?>[] {ConversationsApi.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(target.get(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void waitForMessages(ConversationsSandbox sandbox, String visitorId, int count)
            throws InterruptedException {
        // The bot's answers reach the sandbox from the bot's own threads, which signal nobody: a named poll.
        Await.until(
                count + " messages for " + visitorId,
                WAIT,
                () -> sandbox.messagesFor(visitorId).size() >= count);
    }

    /** The bot's own database (its webhook store), in memory. */
    private final JdbcDataSource database = new JdbcDataSource();

    {
        database.setURL("jdbc:h2:mem:bridge" + System.identityHashCode(this) + ";DB_CLOSE_DELAY=-1");
    }

    /** Waits until the bot has handed every stored webhook over (the store's status column: P while pending). */
    private void waitForTheStore() throws Exception {
        // The store's rows are the only witness of a handed-over event: a named poll.
        Await.until("no event left in the bot's store", WAIT, () -> {
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM c4j_webhook_event WHERE status <> 'D'")) {
                rs.next();
                return rs.getInt(1) == 0;
            }
        });
    }

    @Test
    void theBotAnswersEveryMessageOnceAndNeverItself() throws Exception {
        AtomicReference<ConversationsApi> target = new AtomicReference<>();
        EchoBot bot = new EchoBot(late(target), "botAgentId0000001", "t0k3n", 0, database);
        try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                        .webhookUrl("http://127.0.0.1:" + bot.port() + "/brevo/webhook?token=t0k3n")
                        .start();
                ConversationsClient client = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .build()) {
            target.set(client);

            sandbox.addVisitorMessage("v1", "Hello?");
            sandbox.addVisitorMessage("v1", "Is anyone there?");
            waitForMessages(sandbox, "v1", 4);
            assertTrue(sandbox.awaitWebhooks(WAIT));
            // Every webhook was stored before its answer: once the store is empty, an answer to the bot's own answer
            // (the loop) would be in the sandbox, or on its way.
            waitForTheStore();
            bot.close();
            assertTrue(sandbox.awaitWebhooks(WAIT));

            List<SandboxMessage> conversation = sandbox.messagesFor("v1");
            assertEquals(
                    List.of("Hello?", "Is anyone there?", "You said: Hello?", "You said: Is anyone there?"),
                    conversation.stream().map(SandboxMessage::text).sorted().toList());
            assertTrue(conversation.stream()
                    .filter(m -> m.text().startsWith("You said"))
                    .allMatch(m -> "EchoBot".equals(m.receivedFrom())));
            assertEquals(4, sandbox.webhookDeliveries().size(), "started, a fragment, a fragment per reply");
            assertTrue(sandbox.webhookDeliveries().stream().allMatch(d -> d.status() == 200));
        } finally {
            bot.close();
        }
    }

    @Test
    void theBotRefusesARequestWithoutTheToken() throws Exception {
        AtomicReference<ConversationsApi> target = new AtomicReference<>();
        EchoBot bot = new EchoBot(late(target), "botAgentId0000001", "t0k3n", 0, database);
        try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                .webhookUrl("http://127.0.0.1:" + bot.port() + "/brevo/webhook?token=wrong")
                .start()) {
            sandbox.addVisitorMessage("v1", "Hello?");
            assertTrue(sandbox.awaitWebhooks(WAIT));
            assertEquals(403, sandbox.webhookDeliveries().get(0).status());
        } finally {
            bot.close();
        }
    }

    /** The control: the same loop without the guard never ends (cut here at five answers). */
    @Test
    void withoutTheGuardABotAnswersItself() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        AtomicReference<ConversationsApi> target = new AtomicReference<>();
        HttpServer naive = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        naive.createContext("/hook", exchange -> {
            try (exchange) {
                WebhookEvent event =
                        ConversationsWebhooks.parse(exchange.getRequestBody().readAllBytes());
                for (ConversationsMessage m :
                        event.messages()) { // no messagesNotFrom: its own come back and are answered
                    if (answers.incrementAndGet() <= 5) {
                        target.get()
                                .conversationsMessagesPost(new Body8()
                                        .visitorId(event.visitorId())
                                        .agentId("naiveBot")
                                        .receivedFrom("NaiveBot")
                                        .text("You said: " + m.getText()));
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        naive.start();
        try (ConversationsSandbox sandbox = ConversationsSandbox.builder()
                        .webhookUrl("http://127.0.0.1:" + naive.getAddress().getPort() + "/hook")
                        .start();
                ConversationsClient client = BrevoConversations.builder()
                        .apiKey(sandbox.apiKey())
                        .baseUrl(sandbox.baseUrl())
                        .build()) {
            target.set(client);
            sandbox.addVisitorMessage("v1", "Hello?");
            waitForMessages(sandbox, "v1", 6);
            assertTrue(sandbox.awaitWebhooks(WAIT));
            assertEquals(
                    "You said: You said: You said: You said: You said: Hello?",
                    sandbox.messagesFor("v1").get(5).text());
        } finally {
            naive.stop(0);
        }
    }

    /** The receiver docs/webhooks.md shows (the README links to it) is this bot, word for word. */
    @Test
    void theWebhookDocsShowThisBot() throws Exception {
        assertTrue(
                Files.readString(Path.of("README.md"), StandardCharsets.UTF_8)
                        .contains("](src/test/java/io/github/conversations4j/examples/EchoBot.java)"),
                "README links to the bot");
        String readme = Files.readString(Path.of("docs/webhooks.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("A receiver in plain Java");
        assertTrue(section >= 0, "docs/webhooks.md shows a receiver in plain Java");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(
                Path.of("src/test/java/io/github/conversations4j/examples/EchoBot.java"), StandardCharsets.UTF_8);
        assertEquals(source.substring(source.indexOf("import ")), block);
    }
}
