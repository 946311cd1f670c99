package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationFragmentEvent;
import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.util.List;
import java.util.Objects;

/**
 * The {@code conversationFragment} webhook: new messages of an ongoing conversation. They may be the visitor's,
 * agents' (the integration's own included: see {@link LoopGuard}), automated or trigger messages, more than one
 * at a time, in no guaranteed order.
 *
 * @param payload the event as sent; every field of it may be null
 * @param problems the JSON paths of the fields left out because of an unexpected shape (see
 *     {@link WebhookEvent#problems()}); empty for a well-formed event
 */
public record ConversationFragment(ConversationFragmentEvent payload, List<String> problems) implements WebhookEvent {
    /**
     * Wraps a payload read with some fields left out.
     *
     * @throws NullPointerException when the payload or the problems are null
     */
    public ConversationFragment {
        Objects.requireNonNull(payload, "payload must not be null");
        problems = List.copyOf(problems);
    }

    /**
     * Wraps a payload read whole.
     *
     * @param payload the event as sent
     * @throws NullPointerException when the payload is null
     */
    public ConversationFragment(ConversationFragmentEvent payload) {
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
     * Whether no agent was online (a field Brevo has not confirmed for this event).
     *
     * @return true, false, or null when the event does not say
     */
    public Boolean noAvailableAgent() {
        return payload.getIsNoAvailableAgent();
    }
}
