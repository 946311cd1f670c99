/**
 * Binds {@link io.github.conversations4j.CallListener} to Micrometer's Observation API: each SDK call becomes an
 * {@code http.client.requests} observation, a timer beside Spring's HTTP clients and a span with a tracer.
 * Needs {@code io.micrometer:micrometer-observation}, an optional dependency of the SDK.
 *
 * <pre>{@code
 * ConversationsClient client = BrevoConversations.builder()
 *     .apiKey(apiKey)
 *     .addCallListener(new ObservationCallListener(observationRegistry))
 *     .build();
 * }</pre>
 */
package io.github.conversations4j.spring.observation;
