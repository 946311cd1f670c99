/**
 * An embedded stand-in for Brevo's Conversations API, to test code that uses the SDK without the internet.
 *
 * <pre>{@code
 * try (ConversationsSandbox sandbox = ConversationsSandbox.start()) {
 *   ConversationsApi api = BrevoConversations.builder()
 *       .apiKey(sandbox.apiKey())
 *       .baseUrl(sandbox.baseUrl())
 *       .build();
 *   new OrderNotifier(api).orderShipped("visitor-1", "9114 5847");
 *   assertEquals("Your order has shipped: 9114 5847", sandbox.messagesFor("visitor-1").get(0).text());
 * }
 * }</pre>
 *
 * <p>{@link io.github.conversations4j.sandbox.ConversationsSandbox} is the server and its inspection API;
 * {@link io.github.conversations4j.sandbox.SandboxMessage} and
 * {@link io.github.conversations4j.sandbox.RecordedRequest} are what it shows. Needs only the JDK's
 * {@code jdk.httpserver} module and Jackson.
 */
package io.github.conversations4j.sandbox;
