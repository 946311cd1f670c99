/**
 * conversations4j: a client for Brevo's Conversations API.
 *
 * <p>Start with {@link io.github.conversations4j.BrevoConversations#builder()}:
 *
 * <pre>{@code
 * ConversationsApi conversations = BrevoConversations.builder()
 *     .apiKey(System.getenv("BREVO_API_KEY"))
 *     .build();
 * conversations.conversationsAgentOnlinePingPost(new Body12().agentId("d9nKoegKSjmCtyK78"));
 * }</pre>
 *
 * <p>Every exception is a {@link io.github.conversations4j.errors.BrevoException}. The operations themselves are the
 * generated {@code io.github.conversations4j.api.ConversationsApi}; the request and response types are in
 * {@code io.github.conversations4j.model}.
 */
package io.github.conversations4j;

import io.github.conversations4j.errors.BrevoException;
