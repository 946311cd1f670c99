/**
 * conversations4j: a client for Brevo's Conversations API.
 *
 * <p>Start with {@link io.github.conversations4j.BrevoConversations#builder()}; build one
 * {@link io.github.conversations4j.ConversationsClient} per application and close it at shutdown:
 *
 * <pre>{@code
 * ConversationsClient conversations = BrevoConversations.builder()
 *     .apiKey(System.getenv("BREVO_API_KEY"))
 *     .build();
 * conversations.conversationsAgentOnlinePingPost(new Body12().agentId("d9nKoegKSjmCtyK78"));
 * }</pre>
 *
 * <p>Where things are:
 * <ul>
 *   <li>this package: what users touch to build and configure a client ({@code BrevoConversations},
 *       {@code ConversationsClient}, {@code RetryPolicy}, {@code RateLimit}, {@code Sleeper});</li>
 *   <li>{@code api} and {@code model}: generated at build time from {@code openapi/conversations.yaml}, the
 *       operations ({@code ConversationsApi}) and their request and response types;</li>
 *   <li>{@code errors}: every exception the SDK throws;</li>
 *   <li>{@code sandbox}: the embedded Conversations sandbox for tests (and {@code sandbox.junit}, its JUnit 5
 *       extension);</li>
 *   <li>{@code presence}: {@code AgentPresence}, which keeps agents online with a ping every minute;</li>
 *   <li>{@code webhooks}: typed Conversations webhook events (to come);</li>
 *   <li>{@code spring}: Spring Boot auto-configuration, with Spring as an optional dependency (to come);</li>
 *   <li>{@code internal}: the machinery (transport, codec, retries); not public API.</li>
 * </ul>
 */
package io.github.conversations4j;
