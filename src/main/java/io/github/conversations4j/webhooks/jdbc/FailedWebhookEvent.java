package io.github.conversations4j.webhooks.jdbc;

import java.time.Instant;

/**
 * A stored webhook event whose retries ran out: kept in the store, never handed over again unless
 * {@link JdbcWebhookIntake#retry(long)} queues it again. Carries no visitor data.
 *
 * @param id the event's id in the store (what {@link JdbcWebhookIntake#retry(long)} takes)
 * @param eventName the event's name
 * @param conversationId its conversation, or null when it carries none
 * @param attempts how many times it was handed over
 * @param lastError the type of the exception of its last attempt (a class name, no message), or a short reason
 * @param receivedAt when the endpoint stored it
 * @param failedAt when it was given up
 */
public record FailedWebhookEvent(
        long id,
        String eventName,
        String conversationId,
        int attempts,
        String lastError,
        Instant receivedAt,
        Instant failedAt) {}
