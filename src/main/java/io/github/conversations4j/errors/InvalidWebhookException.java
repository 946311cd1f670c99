package io.github.conversations4j.errors;

/**
 * A webhook body could not be read as a Conversations event: it is empty, not JSON, not a JSON object, has no
 * {@code eventName}, or a known event has a field of the wrong shape (the message names it).
 *
 * <p>The message quotes at most the first few characters of the body, so that a visitor's message text does not end
 * up in a log line. No request was made: {@link #attempts()} is 0. Answer the sender with a 4xx: re-sending the same
 * body cannot succeed.
 */
public class InvalidWebhookException extends BrevoException {
    private static final long serialVersionUID = 1L;

    /** Creates what {@link #of} returns; for a subclass of your own. */
    protected InvalidWebhookException(String message, Throwable cause) {
        super(message, cause, 0);
    }

    /**
     * The exception the SDK throws for a body that is no Conversations event, with 0 attempts.
     *
     * @param message what is wrong, fit for a log line: {@code Invalid webhook: no eventName}
     * @param cause the parser's failure, or {@code null}
     * @return a new exception
     */
    public static InvalidWebhookException of(String message, Throwable cause) {
        return new InvalidWebhookException(message, cause);
    }
}
