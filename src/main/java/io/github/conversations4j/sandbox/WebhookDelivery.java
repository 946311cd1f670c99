package io.github.conversations4j.sandbox;

import java.util.Objects;

/**
 * One webhook the sandbox POSTed (or tried to), as {@link ConversationsSandbox#webhookDeliveries()} lists it.
 *
 * @param eventName {@code conversationStarted}, {@code conversationFragment} or {@code conversationTranscript}
 * @param conversationId the conversation of the event
 * @param body the JSON body sent
 * @param status the receiver's HTTP status, or 0 when no answer came (see {@code error})
 * @param error why no answer came (connection refused, timeout), or null
 */
public record WebhookDelivery(String eventName, String conversationId, String body, int status, String error) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when eventName, conversationId or body is null
     */
    public WebhookDelivery {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Whether the receiver answered 2xx.
     *
     * @return true for a 2xx answer
     */
    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
