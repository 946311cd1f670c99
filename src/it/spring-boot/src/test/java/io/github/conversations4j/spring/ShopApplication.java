package io.github.conversations4j.spring;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.webhooks.LoopGuard;
import io.github.conversations4j.webhooks.UnknownWebhookEvent;
import io.github.conversations4j.webhooks.WebhookEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A small shop that tells visitors their order shipped, and answers their messages: the README's example. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ShopApplication.OrderController.class, ShopApplication.Replies.class})
public class ShopApplication {

    /** The README's controller: the client is the auto-configured bean. */
    @RestController
    static class OrderController {
        private final ConversationsApi conversations;

        OrderController(ConversationsApi conversations) {
            this.conversations = conversations;
        }

        @PostMapping("/orders/{order}/shipped")
        String shipped(@PathVariable("order") String order, @RequestParam("visitor") String visitor) {
            ConversationsMessage sent = conversations.conversationsPushedMessagesPost(
                    new Body10().visitorId(visitor).text("Your order #" + order + " has shipped!"));
            return sent.getId();
        }
    }

    /**
     * The README's webhook listener ({@code EchoReplies}): answers every visitor message, never its own replies nor
     * the shop's pushed messages (the loop guard).
     */
    @Component
    static class Replies {
        static final String MARKER = "ShopBot";
        static final LoopGuard GUARD = LoopGuard.receivedFrom(MARKER).droppingPushed();
        final List<String> handled = new CopyOnWriteArrayList<>();
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final CountDownLatch slowRelease = new CountDownLatch(1);
        private final ConversationsApi conversations;

        Replies(ConversationsApi conversations) {
            this.conversations = conversations;
        }

        @EventListener
        void on(WebhookEvent event) {
            for (ConversationsMessage m : event.messagesNotFrom(GUARD)) {
                if (event.visitorId() != null && m.getId() != null && answered.add(m.getId())) {
                    conversations.conversationsMessagesPost(new Body8()
                            .visitorId(event.visitorId())
                            .agentId("agent-1")
                            .receivedFrom(MARKER)
                            .text("You said: " + m.getText()));
                }
            }
            handled.add(event.eventName() + " " + event.messages().size());
        }

        @EventListener
        void slow(UnknownWebhookEvent event) throws InterruptedException {
            if (event.eventName().equals("slowEvent") && !slowRelease.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
    }
}
