package io.github.conversations4j.sandbox;

import io.github.conversations4j.model.ConversationsMessage;
import java.util.Objects;

/**
 * A message as the sandbox holds it, returned by {@link ConversationsSandbox#message(String)} and
 * {@link ConversationsSandbox#messagesFor(String)}. Immutable.
 *
 * @param id Brevo-shaped id: 17 characters of {@code [A-Za-z0-9]}
 * @param type who wrote it: {@code AGENT} (by hand or automated) or {@code VISITOR}, the message's JSON {@code type}
 * @param text the current text (after any edit)
 * @param visitorId the visitor of the conversation
 * @param agentId the agent on whose behalf it was sent, or {@code null} for a visitor's message
 * @param agentName the agent's display name when known, else {@code null}
 * @param createdAt creation time in epoch milliseconds, from the sandbox's clock
 * @param pushed {@code true} for an automated message sent through {@code /conversations/pushedMessages}
 * @param receivedFrom the {@code receivedFrom} mark given when sending, or {@code null}
 */
public record SandboxMessage(
        String id,
        ConversationsMessage.TypeEnum type,
        String text,
        String visitorId,
        String agentId,
        String agentName,
        long createdAt,
        boolean pushed,
        String receivedFrom) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when id, type, text or visitorId is null
     */
    public SandboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(visitorId, "visitorId");
    }

    SandboxMessage withText(String newText) {
        return new SandboxMessage(id, type, newText, visitorId, agentId, agentName, createdAt, pushed, receivedFrom);
    }
}
