package io.github.conversations4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.conversations4j.BrevoConversations;
import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.RetryPolicy;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitorGroupPutRequest;
import io.github.conversations4j.webhooks.ConversationFragment;
import io.github.conversations4j.webhooks.ConversationStarted;
import io.github.conversations4j.webhooks.ConversationTranscript;
import io.github.conversations4j.webhooks.ConversationsWebhooks;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox delivering Brevo's Conversations webhooks to a real local receiver. */
class SandboxWebhooksTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private ConversationsSandbox sandbox;
    private ConversationsClient api;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                queries.add(exchange.getRequestURI().getRawQuery() + " " + exchange.getRequestMethod() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(status.get(), -1);
            }
        });
        receiver.start();
        sandbox = ConversationsSandbox.builder()
                .webhookUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=t0k3n")
                .start();
        api = BrevoConversations.builder()
                .apiKey(sandbox.apiKey())
                .baseUrl(sandbox.baseUrl())
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterEach
    void stop() {
        api.close();
        sandbox.close();
        receiver.stop(0);
    }

    private List<WebhookEvent> received() throws InterruptedException {
        assertTrue(sandbox.awaitWebhooks(WAIT), "webhooks still on their way");
        return bodies.stream().map(ConversationsWebhooks::parse).toList();
    }

    @Test
    void aConversationStartsContinuesAndEndsWithItsWebhooks() throws Exception {
        SandboxMessage hello = sandbox.addVisitorMessage("v1", "Hello, where is my order?");
        ConversationsMessage answer = api.conversationsMessagesPost(new Body8()
                .visitorId("v1")
                .text("Let me check")
                .agentId("d9nKoegKSjmCtyK78")
                .agentName("Liz")
                .receivedFrom("MyHelpdesk"));
        ConversationsMessage pushed =
                api.conversationsPushedMessagesPost(new Body10().visitorId("v1").text("Shipped!"));
        api.conversationsMessagesIdPut(answer.getId(), new Body9().text("Let me check, one moment"));

        assertTrue(sandbox.endConversation("v1"));
        List<WebhookEvent> events = received();

        assertEquals(
                List.of(
                        "conversationStarted",
                        "conversationFragment",
                        "conversationFragment",
                        "conversationTranscript"),
                events.stream().map(WebhookEvent::eventName).toList());
        ConversationStarted started = assertInstanceOf(ConversationStarted.class, events.get(0));
        assertEquals(hello.id(), started.message().getId());
        assertEquals(ConversationsMessage.TypeEnum.VISITOR, started.message().getType());
        assertEquals("v1", started.visitorId());
        assertEquals(Boolean.TRUE, started.noAvailableAgent(), "no agent pinged");
        ConversationFragment reply = assertInstanceOf(ConversationFragment.class, events.get(1));
        assertEquals("MyHelpdesk", reply.messages().get(0).getReceivedFrom());
        assertEquals("Liz", reply.agents().get(0).getName());
        assertEquals(List.of(), reply.messagesNotFrom("MyHelpdesk"), "the loop guard drops the helpdesk's own");
        assertEquals(Boolean.TRUE, events.get(2).messages().get(0).getIsPushed());
        ConversationTranscript transcript = assertInstanceOf(ConversationTranscript.class, events.get(3));
        assertEquals(
                List.of(hello.id(), answer.getId(), pushed.getId()),
                transcript.messages().stream().map(ConversationsMessage::getId).toList());
        assertEquals("Let me check, one moment", transcript.messages().get(1).getText(), "the current text");
        assertEquals(0L, transcript.missedMessagesCount());
        for (WebhookEvent e : events) {
            assertEquals(started.conversationId(), e.conversationId());
        }
        assertTrue(queries.stream().allMatch(q -> q.equals("token=t0k3n POST application/json")), queries.toString());
        assertTrue(sandbox.webhookDeliveries().stream().allMatch(WebhookDelivery::delivered));

        // The next message starts a new conversation.
        sandbox.addVisitorMessage("v1", "One more question");
        List<WebhookEvent> after = received();
        assertEquals("conversationStarted", after.get(4).eventName());
        assertNotEquals(started.conversationId(), after.get(4).conversationId());
        assertFalse(sandbox.endConversation("nobody"), "no conversation to end");
    }

    @Test
    void anAutomatedMessageStartsNoConversation() throws Exception {
        api.conversationsPushedMessagesPost(new Body10().visitorId("v2").text("Your order has shipped"));
        assertEquals(List.of(), received(), "Brevo sends no conversationStarted for pushed messages");

        sandbox.addVisitorMessage("v2", "Thanks!");
        api.conversationsVisitorGroupPut(
                new ConversationsVisitorGroupPutRequest().visitorId("v2").groupId("g1"));
        sandbox.addVisitorMessage("v2", "And when does it arrive?");
        List<WebhookEvent> events = received();
        assertEquals(
                List.of("conversationStarted", "conversationFragment"),
                events.stream().map(WebhookEvent::eventName).toList());
        assertEquals("g1", events.get(1).visitor().getGroupId(), "the visitor as the sandbox knows them");
        assertTrue(sandbox.endConversation("v2"));
        assertEquals(
                3,
                ((ConversationTranscript) received().get(2)).messages().size(),
                "the automated message belongs to the conversation");
    }

    @Test
    void failedDeliveriesAreRecordedAndResetForgetsThem() throws Exception {
        status.set(500);
        sandbox.addVisitorMessage("v3", "Hi");
        received();
        WebhookDelivery failed = sandbox.webhookDeliveries().get(0);
        assertEquals(500, failed.status());
        assertFalse(failed.delivered());

        receiver.stop(0);
        sandbox.addVisitorMessage("v3", "Anyone?");
        assertTrue(sandbox.awaitWebhooks(WAIT));
        WebhookDelivery unreachable = sandbox.webhookDeliveries().get(1);
        assertEquals(0, unreachable.status());
        assertTrue(unreachable.error() != null && !unreachable.error().isBlank(), unreachable.toString());

        sandbox.reset();
        assertEquals(List.of(), sandbox.webhookDeliveries());
        assertFalse(sandbox.endConversation("v3"), "reset ends every conversation");
    }

    @Test
    void withoutAWebhookUrlTheWebhookMethodsSaySo() {
        try (ConversationsSandbox plain = ConversationsSandbox.start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> plain.endConversation("v"));
            assertTrue(e.getMessage().contains("webhookUrl"), e.getMessage());
            assertThrows(IllegalStateException.class, plain::webhookDeliveries);
        }
        for (String bad : List.of("not a url", "ftp://127.0.0.1/x", "/relative", "http:///nohost")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ConversationsSandbox.builder().webhookUrl(bad),
                    bad);
        }
    }
}
