package com.example.consumer;

import io.github.conversations4j.ConversationsClient;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.ConversationsMessage;

/** An application's code: it compiles against the SDK and runs with the SDK's runtime dependencies only. */
public final class OrderNotifier {
    private final ConversationsClient conversations;

    public OrderNotifier(ConversationsClient conversations) {
        this.conversations = conversations;
    }

    public ConversationsMessage shipped(String visitorId, String order) {
        return conversations.conversationsPushedMessagesPost(
                new Body10().visitorId(visitorId).text("Your order " + order + " has shipped!"));
    }
}
