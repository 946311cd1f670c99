package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationStartedEvent;
import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsPage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.util.List;
import java.util.Objects;

/**
 * The {@code conversationStarted} webhook: a visitor or an agent started a conversation. Brevo does not send it for
 * trigger messages or automated (pushed) messages.
 *
 * @param payload the event as sent; every field of it may be null
 * @param problems the JSON paths of the fields left out because of an unexpected shape (see
 *     {@link WebhookEvent#problems()}); empty for a well-formed event
 */
public record ConversationStarted(ConversationStartedEvent payload, List<String> problems) implements WebhookEvent {
    /**
     * Wraps a payload read with some fields left out.
     *
     * @throws NullPointerException when the payload or the problems are null
     */
    public ConversationStarted {
        Objects.requireNonNull(payload, "payload must not be null");
        problems = List.copyOf(problems);
    }

    /**
     * Wraps a payload read whole.
     *
     * @param payload the event as sent
     * @throws NullPointerException when the payload is null
     */
    public ConversationStarted(ConversationStartedEvent payload) {
        this(payload, List.of());
    }

    @Override
    public String eventName() {
        return payload.getEventName();
    }

    @Override
    public String conversationId() {
        return payload.getConversationId();
    }

    /**
     * The first message of the conversation.
     *
     * @return the message, or null when the event carries none
     */
    public ConversationsMessage message() {
        return payload.getMessage();
    }

    @Override
    public List<ConversationsMessage> messages() {
        return payload.getMessage() == null ? List.of() : List.of(payload.getMessage());
    }

    /**
     * The agent of the conversation, when one is involved.
     *
     * @return the agent, or null
     */
    public ConversationsAgent agent() {
        return payload.getAgent();
    }

    @Override
    public List<ConversationsAgent> agents() {
        return payload.getAgent() == null ? List.of() : List.of(payload.getAgent());
    }

    @Override
    public ConversationsVisitor visitor() {
        return payload.getVisitor();
    }

    /**
     * The page of the site the conversation started on (chat widget only).
     *
     * @return the page, or null
     */
    public ConversationsPage startPage() {
        return payload.getConversationStartPage();
    }

    /**
     * Whether no agent was online when the conversation started.
     *
     * @return true, false, or null when the event does not say
     */
    public Boolean noAvailableAgent() {
        return payload.getIsNoAvailableAgent();
    }
}
