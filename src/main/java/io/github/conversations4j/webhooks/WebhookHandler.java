package io.github.conversations4j.webhooks;

import io.github.conversations4j.model.ConversationsMessage;
import java.util.List;

/** What the application does with a webhook event that a {@link WebhookIntake} hands over. */
@FunctionalInterface
public interface WebhookHandler {

    /**
     * Handles one event. An exception means "not handled": a durable intake hands the event over again later, with
     * backoff; an in-memory intake logs it (event name, conversation id and exception type, never the event's text).
     *
     * @param event the event
     * @param newMessages its messages that were never handed over before in another event (by message id), in
     *     {@link WebhookEvent#messages()} order: what a bot answers, so that a transcript repeating a conversation's
     *     messages is not answered again
     * @throws Exception when the event was not handled
     */
    void handle(WebhookEvent event, List<ConversationsMessage> newMessages) throws Exception;
}
