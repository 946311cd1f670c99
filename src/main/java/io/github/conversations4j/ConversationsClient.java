package io.github.conversations4j;

import io.github.conversations4j.api.ConversationsApi;

/**
 * A client of Brevo's Conversations API: every operation of {@link ConversationsApi}, and {@link #close()}.
 *
 * <p>Build one per application with {@link BrevoConversations#builder()}, share it between threads, and close it
 * at shutdown. Code written against {@code ConversationsApi} (the Sendinblue and Brevo SDKs' name) keeps working:
 * a {@code ConversationsClient} is one. In Spring, a bean of this type is closed with its context (Spring calls
 * {@code close()} on an {@link AutoCloseable} bean by default).
 */
public interface ConversationsClient extends ConversationsApi, AutoCloseable {

    /**
     * Closes the client: its pooled connections at once (a call under way on one then fails) and anything it owns.
     * What was built on it is closed first: every {@link io.github.conversations4j.presence.AgentPresence} given
     * this client stops its agents (waiting, within its close timeout, for a ping under way).
     * A call made after {@code close()} fails with an {@link IllegalStateException} before anything is sent.
     * Closing again does nothing. A transport plugged in with {@link BrevoConversations.Builder#client} belongs to
     * the caller and is not closed. A client nobody closes has its idle connections closed once it is garbage.
     */
    @Override
    void close();

    /**
     * A client for calls with other options: another call timeout or retry count, headers added to each request.
     * It shares this client's connections, listeners, hooks and tracing, and its life: it works while this client
     * is open, and fails like it once this client is closed. Closing the derived client ends only its own use (its
     * calls then fail); the connections stay open for this client. Cheap: make one per request if need be.
     *
     * <pre>{@code
     * conversations.withOptions(o -> o.callTimeout(Duration.ofSeconds(5)).maxRetries(0).header("X-Request-Id", id))
     *     .conversationsPushedMessagesPost(body);
     * }</pre>
     *
     * @param options sets what changes; what it leaves alone stays as this client has it
     * @return the derived client
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     * @throws UnsupportedOperationException for an implementation not built by the SDK
     */
    default ConversationsClient withOptions(java.util.function.Consumer<CallOptions.Builder> options) {
        throw new UnsupportedOperationException(
                "withOptions is only available on clients built by " + "BrevoConversations.builder()");
    }
}
