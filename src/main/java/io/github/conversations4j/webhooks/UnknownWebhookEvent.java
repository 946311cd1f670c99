package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.util.List;
import java.util.Objects;

/**
 * A webhook whose {@code eventName} this version of the SDK does not know. It keeps the whole body, and reads what
 * it can of the fields the known events share: {@code conversationId}, {@code message} or {@code messages},
 * {@code agent} or {@code agents}, {@code visitor} (a field of an unexpected shape is left out, never an error).
 *
 * @param eventName the name sent
 * @param conversationId the {@code conversationId}, or null
 * @param messages what could be read of {@code message} or {@code messages}
 * @param agents what could be read of {@code agent} or {@code agents}
 * @param visitor the {@code visitor}, or null
 * @param rawJson the whole body, as sent
 */
public record UnknownWebhookEvent(
        String eventName,
        String conversationId,
        List<ConversationsMessage> messages,
        List<ConversationsAgent> agents,
        ConversationsVisitor visitor,
        String rawJson)
        implements WebhookEvent {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException when eventName or rawJson is null
     */
    public UnknownWebhookEvent {
        Objects.requireNonNull(eventName, "eventName must not be null");
        Objects.requireNonNull(rawJson, "rawJson must not be null");
        messages = Events.nonNull(messages);
        agents = Events.nonNull(agents);
    }
}
