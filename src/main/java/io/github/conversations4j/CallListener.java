package io.github.conversations4j;

import java.time.Duration;
import java.util.Objects;

/**
 * Told of each call a client makes: its start, each attempt with its outcome, each retry with its wait, and its
 * end with its duration. The hook for metrics and tracing (the Spring integration binds it to Micrometer's
 * Observation API); set with {@link BrevoConversations.Builder#addCallListener(CallListener)}.
 *
 * <pre>{@code
 * ConversationsClient conversations = BrevoConversations.builder()
 *     .apiKey(apiKey)
 *     .addCallListener(new CallListener() {
 *       @Override
 *       public void callEnded(CallListener.Result result) {
 *         metrics.record(result.call().operation(), result.status(), result.duration());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p><b>What is told, and when.</b> For every call that passed the SDK's checks (a call refused before anything
 * is sent, with an {@code InvalidRequestException} or because the client is closed, is not told), on the calling
 * thread and in this order: {@link #callStarted}, then {@link #attemptEnded} after each attempt, with
 * {@link #retryScheduled} before each wait for a retry, and {@link #callEnded} once, whatever happened. All
 * events of one call share its {@link Call}, whose {@link Call#id()} is unique within the JVM.
 *
 * <p><b>What is never told.</b> No event carries a key, a header, a message text, a path parameter (message ids
 * appear only as {@code {id}} in the path template) or an exception message: only the operation, the HTTP
 * method, the path template, the host, attempt numbers, statuses, the failure's exception type and durations.
 *
 * <p><b>Listeners cannot break a call.</b> An exception thrown by a method of a listener is caught and logged at
 * DEBUG to the {@code System.Logger} named {@code io.github.conversations4j}; the call and the other listeners go
 * on as if nothing happened. A listener runs on the caller's thread, inside the call: it should return quickly.
 * Implementations must be thread-safe, since calls of one client run on many threads at once. Every method does
 * nothing by default; a client with no listener does no work for them.
 */
public interface CallListener {

    /**
     * A call starts: the SDK's checks passed and the first attempt is about to be made.
     *
     * @param call what is called
     */
    default void callStarted(Call call) {}

    /**
     * An attempt ended: a response was read, or the attempt failed without one.
     *
     * @param attempt its number and outcome
     */
    default void attemptEnded(Attempt attempt) {}

    /**
     * The SDK waits before another attempt.
     *
     * @param retry the next attempt's number and the wait before it
     */
    default void retryScheduled(Retry retry) {}

    /**
     * The call ended: it returned, or it is about to throw.
     *
     * @param result how many attempts, the last status, the failure if any, and the whole call's duration
     */
    default void callEnded(Result result) {}

    /**
     * What is called: the same instance for every event of one call.
     *
     * @param id unique within the JVM, increasing: tells the events of concurrent calls apart
     * @param operation the Java method, such as {@code conversationsMessagesPost}
     * @param method the HTTP method, such as {@code POST}
     * @param pathTemplate the path relative to the base URL, with its parameters unexpanded, such as
     *     {@code /conversations/messages/{id}}
     * @param host the host of the base URL, such as {@code api.brevo.com}
     */
    record Call(long id, String operation, String method, String pathTemplate, String host) {
        /**
         * Checks the fields.
         *
         * @param id the call's id
         * @param operation not null
         * @param method not null
         * @param pathTemplate not null
         * @param host not null
         */
        public Call {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pathTemplate, "pathTemplate");
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * One attempt's outcome.
     *
     * @param call the call
     * @param number 1 for the first attempt
     * @param status the HTTP status of the response, or 0 when there was none (a connection failure or timeout)
     * @param failure the type of the exception this attempt failed with (such as
     *     {@code io.github.conversations4j.errors.TooManyRequestsException} or {@code BrevoConnectionException}), or
     *     null when it succeeded
     * @param duration from the attempt's start to its end
     */
    record Attempt(Call call, int number, int status, Class<? extends Throwable> failure, Duration duration) {
        /**
         * Whether the attempt succeeded.
         *
         * @return true when {@link #failure()} is null
         */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * A retry the SDK is about to wait for.
     *
     * @param call the call
     * @param nextAttempt the number of the attempt that follows the wait: 2 for the first retry
     * @param delay the backoff, or the server's {@code Retry-After} when longer
     */
    record Retry(Call call, int nextAttempt, Duration delay) {}

    /**
     * How a call ended.
     *
     * @param call the call
     * @param attempts the requests made, at least 1
     * @param status the HTTP status of the last response, or 0 when the last attempt had none
     * @param failure the type of the exception the call throws, or null when it returned
     * @param duration from the call's start to its end, retries and their waits included
     */
    record Result(Call call, int attempts, int status, Class<? extends Throwable> failure, Duration duration) {
        /**
         * Whether the call returned.
         *
         * @return true when {@link #failure()} is null
         */
        public boolean succeeded() {
            return failure == null;
        }
    }
}
