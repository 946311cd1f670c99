/**
 * The SDK's exceptions: every one is an unchecked {@link io.github.conversations4j.errors.BrevoException}, and
 * {@link io.github.conversations4j.errors.BrevoException#attempts()} says how many requests the call made.
 * {@link io.github.conversations4j.errors.InvalidRequestException}: the SDK refused before sending;
 * {@link io.github.conversations4j.errors.BrevoApiException} and its subclasses: Brevo answered with an error
 * status; {@link io.github.conversations4j.errors.BrevoConnectionException}: no answer (and whether the request may
 * have reached Brevo); {@link io.github.conversations4j.errors.BrevoDecodeException}: a 2xx that is not the
 * expected JSON. Only the SDK creates them.
 */
package io.github.conversations4j.errors;
