package io.github.conversations4j.api;

/**
 * Holds the marker interface the generated Feign interfaces extend ({@code ConversationsApi extends
 * ApiClient.Api}): openapi-generator's Feign library puts it in its invoker package, which for this SDK is this
 * one, so that no generated type reaches into {@code internal}.
 *
 * <p>The generator's own {@code ApiClient} (mutable, with OAuth and form libraries) is not generated: clients are
 * built with {@link io.github.conversations4j.BrevoConversations#builder()}.
 */
public final class ApiClient {
    private ApiClient() {}

    /** Marker for the Feign interfaces generated from {@code openapi/conversations.yaml}. */
    public interface Api {}
}
