/**
 * The SDK's machinery: transport, codec, validation, retries, error mapping. Not part of the public API; anything
 * here may change in any release.
 *
 * <p>Everything here is package-private but two types, public only because another package of the SDK must reach
 * them:
 * <ul>
 *   <li>{@link io.github.conversations4j.internal.Clients}: the defaults of {@code BrevoConversations.Builder} (root
 *       package), how it assembles a client from the settings it checked, and how the helper packages
 *       ({@code presence}) reuse the client's own rules: ping validation, the wait a 429 asks for, being closed
 *       with the client;</li>
 *   <li>{@link io.github.conversations4j.internal.ErrorFactory}: how the SDK fills in the exceptions of
 *       {@code io.github.conversations4j.errors}, through their public builders ({@code webhooks} uses it too).
 *       {@code errors} depends on nothing here.</li>
 * </ul>
 */
package io.github.conversations4j.internal;
