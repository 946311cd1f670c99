package io.github.conversations4j.internal;

/**
 * Holds the marker interface the generated Feign interfaces extend ({@code ConversationsApi extends
 * ApiClient.Api}).
 *
 * <p>openapi-generator's Feign library expects a mutable {@code ApiClient} in the invoker package; this SDK builds
 * its clients with {@link io.github.conversations4j.BrevoConversations#builder()} instead, so only the marker is
 * kept. Not part of the public API.
 */
public final class ApiClient {
  private ApiClient() {}

  /** Marker for Feign interfaces generated from {@code openapi/conversations.yaml}. */
  public interface Api {}
}
