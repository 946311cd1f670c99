package io.github.conversations4j;

/**
 * Runs before each attempt of a call (the first request and every retry) and may add or replace headers of that
 * attempt's request: an audit id, a tracing header of a system the SDK does not know. Set with
 * {@link BrevoConversations.Builder#addAttemptHook(AttemptHook)}.
 *
 * <pre>{@code
 * BrevoConversations.builder()
 *     .apiKey(apiKey)
 *     .addAttemptHook(attempt -> attempt.header("X-Request-Id", requestIds.next()))
 *     .build();
 * }</pre>
 *
 * <p>A hook sees the call ({@link CallListener.Call}: operation, method, path template, host), the attempt's
 * number and the previous attempt's outcome, never a key, a header already set or a body. It cannot set the
 * SDK's own headers ({@code api-key}, {@code partner-key}, {@code Authorization}, {@code User-Agent}, nor those
 * of the HTTP framing such as {@code Host} or {@code Content-Length}): {@link Attempt#header} refuses them.
 *
 * <p><b>A hook cannot break a call.</b> What it throws is caught and logged at DEBUG to the {@code System.Logger}
 * named {@code io.github.conversations4j}; the attempt goes out with the headers set before the throw. Hooks run
 * on the calling thread in the order they were added, after the SDK's own trace context header (so a hook may
 * replace {@code traceparent}), and must be thread-safe.
 */
@FunctionalInterface
public interface AttemptHook {

    /**
     * Called before an attempt is sent.
     *
     * @param attempt the attempt, to read and to add headers to
     */
    void beforeAttempt(Attempt attempt);

    /** An attempt about to be sent. Valid only during {@link #beforeAttempt}. */
    interface Attempt {
        /**
         * What is called.
         *
         * @return the same instance the {@link CallListener}s see for this call
         */
        CallListener.Call call();

        /**
         * The attempt's number.
         *
         * @return 1 for the first request, 2 for the first retry
         */
        int number();

        /**
         * How the previous attempt of this call ended.
         *
         * @return its outcome (status, failure type, duration), or null for the first attempt
         */
        CallListener.Attempt previous();

        /**
         * Adds a header to this attempt's request, or replaces one of the same name (case-insensitive).
         *
         * @param name an HTTP token, not one of the SDK's own headers
         * @param value printable ASCII or tab; no line break
         * @return this attempt
         * @throws IllegalArgumentException when the name is not a token, is an SDK header, or the value holds a
         *     control character (the message names the header, never its value)
         */
        Attempt header(String name, String value);
    }
}
