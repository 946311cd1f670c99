package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationsAgent;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsVisitor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Conversations webhook, as {@link ConversationsWebhooks#parse(byte[])} reads it: one of the three events Brevo
 * sends, or an {@link UnknownWebhookEvent} for an event name this version does not know.
 *
 * <pre>{@code
 * switch (ConversationsWebhooks.parse(body)) {
 *   case ConversationStarted started -> ...
 *   case ConversationFragment fragment -> ...
 *   case ConversationTranscript transcript -> ...
 *   case UnknownWebhookEvent unknown -> ...
 * }
 * }</pre>
 * (a {@code switch} on a sealed type needs Java 21; on Java 17 use {@code instanceof}).
 *
 * <p>Brevo may deliver an event more than once and does not promise any order, of events or of the messages in
 * one: handle each message once by its {@code id}, and sort with {@link #messagesByTime()} where order matters.
 */
public sealed interface WebhookEvent
        permits ConversationStarted, ConversationFragment, ConversationTranscript, UnknownWebhookEvent {

    /**
     * The event's name, as sent.
     *
     * @return {@code conversationStarted}, {@code conversationFragment}, {@code conversationTranscript}, or another
     *     name for an {@link UnknownWebhookEvent}
     */
    String eventName();

    /**
     * The conversation (one visitor's continuous conversation).
     *
     * @return its id, or null when the event carries none
     */
    String conversationId();

    /**
     * The event's messages in the order they were sent (which Brevo does not promise to be their time order):
     * for {@code conversationStarted} its one message, for the others their {@code messages}.
     *
     * @return an unmodifiable list, never null and without null elements, empty when there are none
     */
    List<ConversationsMessage> messages();

    /**
     * The agents the event names: for {@code conversationStarted} its {@code agent}, for the others their
     * {@code agents}.
     *
     * @return an unmodifiable list, never null
     */
    List<ConversationsAgent> agents();

    /**
     * The visitor of the conversation.
     *
     * @return the visitor, or null when the event carries none
     */
    ConversationsVisitor visitor();

    /**
     * The fields of a known event that were left out because their value had an unexpected shape (an array where
     * an object was expected, such as {@code "contactAttributes": []} as PHP writes an empty map; text where a
     * number or a boolean was), named by their JSON path: {@code visitor.contactAttributes},
     * {@code visitor.lastVisit.viewedPages[0]}, {@code messages[2].createdAt}. Such a field reads as null (an
     * element of a list, as absent), and the rest of the event, its messages first, is read as usual. Never the
     * values themselves, which may hold a visitor's data: log this list freely.
     *
     * @return an unmodifiable list, empty when every field was read (always empty for an
     *     {@link UnknownWebhookEvent}, whose odd fields are left out without a name)
     */
    default List<String> problems() {
        return List.of();
    }

    /**
     * The id of the visitor: what sending a message back to them takes as {@code visitorId}.
     *
     * @return {@code visitor().getId()}, else the {@code visitorId} of a message, else null
     */
    default String visitorId() {
        ConversationsVisitor visitor = visitor();
        if (visitor != null && visitor.getId() != null) {
            return visitor.getId();
        }
        for (ConversationsMessage m : messages()) {
            if (m != null && m.getVisitorId() != null) {
                return m.getVisitorId();
            }
        }
        return null;
    }

    /**
     * The messages without those the integration sent itself, marked with {@code receivedFrom} (exact match).
     * Messages with no {@code receivedFrom} are kept.
     *
     * @param receivedFrom the integration's marker, as sent in {@code Body8.receivedFrom}
     * @return the others' messages, in {@link #messages()} order
     * @throws IllegalArgumentException when the marker is null or blank
     */
    default List<ConversationsMessage> messagesNotFrom(String receivedFrom) {
        return LoopGuard.receivedFrom(receivedFrom).filter(messages());
    }

    /**
     * The messages the loop guard keeps.
     *
     * @param guard which messages are the integration's own (and, optionally, pushed and trigger messages)
     * @return the kept messages, in {@link #messages()} order
     */
    default List<ConversationsMessage> messagesNotFrom(LoopGuard guard) {
        return guard.filter(messages());
    }

    /**
     * The messages in time order: by {@code createdAt}, oldest first, those without one last, ties in
     * {@link #messages()} order.
     *
     * @return a new unmodifiable list
     */
    default List<ConversationsMessage> messagesByTime() {
        List<ConversationsMessage> sorted = new ArrayList<>(messages()); // never holds a null: see messages()
        sorted.sort(Comparator.comparing(
                ConversationsMessage::getCreatedAt,
                Comparator.nullsLast(Comparator.naturalOrder()))); // List.sort is stable: ties keep their order
        return List.copyOf(sorted);
    }
}
