/**
 * The inbound half of a two-way integration: Brevo's Conversations webhooks ({@code conversationStarted},
 * {@code conversationFragment}, {@code conversationTranscript}) parsed into typed events by
 * {@link io.github.conversations4j.webhooks.ConversationsWebhooks#parse(byte[])}, a
 * {@link io.github.conversations4j.webhooks.LoopGuard} that drops the integration's own messages when they come
 * back, and a constant-time check of a secret token in the webhook URL.
 *
 * <p>Brevo documents no signature for these webhooks: nothing but a secret the sender must know (a token in the
 * URL you configure in Brevo) tells Brevo's requests from anyone else's. The event models are generated from
 * {@code openapi/conversations.yaml} (see {@code openapi/README.md}, "Webhook events"); a message of an event is the
 * same {@link io.github.conversations4j.model.ConversationsMessage} the REST calls return.
 */
package io.github.conversations4j.webhooks;
