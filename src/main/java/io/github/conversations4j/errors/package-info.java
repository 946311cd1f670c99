/**
 * The SDK's exceptions: every one is an unchecked {@link io.github.conversations4j.errors.BrevoException}, and
 * {@link io.github.conversations4j.errors.BrevoException#attempts()} says how many requests the call made.
 *
 * <ul>
 *   <li>{@link io.github.conversations4j.errors.InvalidRequestException}: the SDK refused the call before sending
 *       anything, because an argument breaks Brevo's contract (0 attempts);</li>
 *   <li>{@link io.github.conversations4j.errors.BrevoApiException} and its subclasses: Brevo answered with an
 *       error status; {@link io.github.conversations4j.errors.BadRequestException} is Brevo's own 400 to a request
 *       that went out;</li>
 *   <li>{@link io.github.conversations4j.errors.BrevoConnectionException}: no answer (and whether the request
 *       may have reached Brevo);</li>
 *   <li>{@link io.github.conversations4j.errors.BrevoDecodeException}: a 2xx that is not the expected JSON;</li>
 *   <li>{@link io.github.conversations4j.errors.InvalidWebhookException}: a webhook body that is no event.</li>
 * </ul>
 *
 * <p><b>InvalidRequestException or BadRequestException.</b> The two names say who refused: "invalid request" is
 * the SDK's check on this side, before any byte leaves ({@code attempts() == 0}, fix the argument it names in
 * {@code field()}); "bad request" is HTTP 400, Brevo's answer to a request that did go out ({@code errorCode()}
 * and {@code errorMessage()} are Brevo's). The SDK checks only what Brevo documents, so a value it lets through
 * can still earn a {@code BadRequestException}. Neither is worth retrying unchanged.
 *
 * <p>Every exception can be built by tests of code that handles them: through a static factory for the three with
 * few fields ({@code BrevoException.of}, {@code InvalidRequestException.of}, {@code InvalidWebhookException.of}),
 * through a public builder for the others:
 * <pre>{@code
 * throw NotFoundException.builder()
 *     .errorCode("document_not_found").errorMessage("Message not found")
 *     .request("GET /conversations/messages/{id}")
 *     .build();
 * throw BrevoApiException.builder(503).build();   // the subclass the SDK would throw: ServerErrorException
 * throw InvalidRequestException.of("conversationsMessagesPost", "visitorId", "visitorId must not be blank");
 * }</pre>
 * Constructors are protected, for subclasses of your own; where there is a builder they take it, so that a field
 * can be added without breaking anyone.
 */
package io.github.conversations4j.errors;
