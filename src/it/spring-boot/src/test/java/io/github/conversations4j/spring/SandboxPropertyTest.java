package io.github.conversations4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.sandbox.ConversationsSandbox;
import io.github.conversations4j.sandbox.SandboxMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 20, "testing in Spring": one property starts the sandbox, points the client at it, and has it deliver its
 * webhooks to the application's own endpoint on its random port, with no relay. And the README's bot no longer
 * echoes the shop's own pushed messages (it did with {@code messagesNotFrom(MARKER)} alone).
 */
@SpringBootTest(
        classes = ShopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brevo.conversations.sandbox.enabled=true", "brevo.conversations.webhook.path=/brevo/webhook"})
class SandboxPropertyTest {
    @Autowired
    ConversationsSandbox sandbox;

    @Autowired
    ConversationsApi conversations;

    @Test
    void theSandboxIsTheBackend_andDeliversToThisApplication_andTheBotIgnoresPushedMessages() throws Exception {
        sandbox.addVisitorMessage("visitor-9", "Where is my parcel?");
        awaitMessages("visitor-9", 2);
        // The shop pushes a notice (as OrderController does): it comes back in a fragment, isPushed: true.
        conversations.conversationsPushedMessagesPost(
                new Body10().visitorId("visitor-9").text("Your order shipped!"));
        assertThat(sandbox.awaitWebhooks(Duration.ofSeconds(30))).isTrue();
        sandbox.addVisitorMessage("visitor-9", "Thanks!");
        awaitMessages("visitor-9", 5);
        assertThat(sandbox.awaitWebhooks(Duration.ofSeconds(30))).isTrue();

        assertEquals(
                List.of(
                        "Where is my parcel?",
                        "You said: Where is my parcel?",
                        "Your order shipped!",
                        "Thanks!",
                        "You said: Thanks!"),
                sandbox.messagesFor("visitor-9").stream()
                        .map(SandboxMessage::text)
                        .toList(),
                "no 'You said: Your order shipped!'");
        assertThat(sandbox.webhookDeliveries()).isNotEmpty().allMatch(d -> d.status() == 200, "delivered straight");
        assertThat(sandbox.requests()).isNotEmpty();
    }

    void awaitMessages(String visitor, int count) throws InterruptedException {
        // The application's answers reach the sandbox from its own threads, which signal nobody.
        Await.until(
                count + " messages for " + visitor,
                Duration.ofSeconds(30),
                () -> sandbox.messagesFor(visitor).size() >= count);
    }
}
