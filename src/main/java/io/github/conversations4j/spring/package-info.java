/**
 * Spring Boot integration: auto-configuration of a {@link io.github.conversations4j.ConversationsClient} bean from
 * {@code brevo.conversations.*} properties, agents kept online, a webhook endpoint that publishes application
 * events, and Micrometer observations of every call. Every Spring and Micrometer dependency of the SDK is
 * optional: none of this is loaded outside a Spring Boot application.
 *
 * <pre>{@code
 * # application.properties
 * brevo.conversations.api-key=${BREVO_API_KEY}
 *
 * @RestController
 * class OrderController {
 *   private final ConversationsApi conversations;   // the auto-configured client
 *   OrderController(ConversationsApi conversations) { this.conversations = conversations; }
 * }
 * }</pre>
 */
package io.github.conversations4j.spring;
