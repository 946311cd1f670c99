package io.github.conversations4j.errors;

import java.util.Objects;

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

    /**
     * Creates the exception from its builder; for a subclass of your own.
     *
     * @param builder the message and cause
     */
    protected InvalidWebhookException(Builder builder) {
        super(Objects.requireNonNull(builder.message, "message"), builder.cause, 0);
    }

    /**
     * A builder for the exception the SDK throws for a body that is no Conversations event.
     *
     * @return a builder; {@link Builder#message} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link InvalidWebhookException}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String message;
        private Throwable cause;

        private Builder() {}

        /**
         * What is wrong, fit for a log line; required.
         *
         * @param message for instance {@code Invalid webhook: no eventName}
         * @return this builder
         */
        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * The parser's failure.
         *
         * @param cause the cause, or {@code null} (the default)
         * @return this builder
         */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /**
         * Creates the exception.
         *
         * @return a new exception, with 0 attempts
         */
        public InvalidWebhookException build() {
            if (message == null) {
                throw new IllegalStateException("message is required: say what is wrong with the webhook body");
            }
            return new InvalidWebhookException(this);
        }
    }
}
