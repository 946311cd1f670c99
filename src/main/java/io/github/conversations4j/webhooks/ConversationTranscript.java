package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationTranscriptEvent;
import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsPage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.util.List;
import java.util.Objects;

/**
 * The {@code conversationTranscript} webhook: the messages of a conversation, which integrations read as "the
 * conversation is over" (exactly when Brevo sends it is not documented).
 *
 * @param payload the event as sent; every field of it may be null
 * @param problems the JSON paths of the fields left out because of an unexpected shape (see
 *     {@link WebhookEvent#problems()}); empty for a well-formed event
 */
public record ConversationTranscript(ConversationTranscriptEvent payload, List<String> problems)
        implements WebhookEvent {
    /**
     * Wraps a payload read with some fields left out.
     *
     * @throws NullPointerException when the payload or the problems are null
     */
    public ConversationTranscript {
        Objects.requireNonNull(payload, "payload must not be null");
        problems = List.copyOf(problems);
    }

    /**
     * Wraps a payload read whole.
     *
     * @param payload the event as sent
     * @throws NullPointerException when the payload is null
     */
    public ConversationTranscript(ConversationTranscriptEvent payload) {
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

    @Override
    public List<ConversationsMessage> messages() {
        return Events.nonNull(payload.getMessages());
    }

    @Override
    public List<ConversationsAgent> agents() {
        return Events.nonNull(payload.getAgents());
    }

    @Override
    public ConversationsVisitor visitor() {
        return payload.getVisitor();
    }

    /**
     * The page of the site the conversation started on.
     *
     * @return the page, or null
     */
    public ConversationsPage startPage() {
        return payload.getConversationStartPage();
    }

    /**
     * How many messages were missed.
     *
     * @return the count, or null when the event does not say
     */
    public Long missedMessagesCount() {
        return payload.getMissedMessagesCount();
    }
}
