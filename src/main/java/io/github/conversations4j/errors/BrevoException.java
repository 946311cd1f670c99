package io.github.conversations4j.errors;

/**
 * The root of every exception this SDK throws.
 *
 * <p>Unchecked. Its branches say what went wrong:
 * <ul>
 *   <li>{@link InvalidRequestException}: the call was refused before any byte was sent;</li>
 *   <li>{@link BrevoApiException} and its subclasses: Brevo (or a proxy in front of it) answered with an error
 *       status;</li>
 *   <li>{@link BrevoConnectionException}: no response was received (connection refused or reset, timeout);</li>
 *   <li>{@link BrevoDecodeException}: a success response whose body could not be read as the expected type;</li>
 *   <li>{@link InvalidWebhookException}: a webhook body that is no Conversations event.</li>
 * </ul>
 * The SDK throws this class itself only for a failure that fits none of them (a request body that cannot be
 * encoded, an unexpected failure inside Feign). No message of this hierarchy ever contains the API key or the
 * partner key.
 *
 * <p>Every exception has a builder, so that a test can throw what the SDK would:
 * {@code BrevoException.builder("boom").build()}, {@code NotFoundException.builder().build()}, and so on.
 */
public class BrevoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * Creates the exception from its builder; for a subclass of your own.
     *
     * @param builder the message, cause and attempts
     */
    protected BrevoException(Builder builder) {
        this(builder.message, builder.cause, builder.attempts);
    }

    BrevoException(String message, Throwable cause, int attempts) {
        super(message, cause);
        this.attempts = attempts;
    }

    /**
     * A builder for an exception that fits no narrower class.
     *
     * @param message what went wrong, fit for a log line
     * @return a builder with no cause and one attempt
     */
    public static Builder builder(String message) {
        return new Builder(message);
    }

    /**
     * How many HTTP requests the call made before it ended with this exception, retries included.
     *
     * @return 0 when the call was refused before sending, otherwise at least 1
     */
    public int attempts() {
        return attempts;
    }

    static int requireAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        return attempts;
    }

    /** Builds a {@link BrevoException}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final String message;
        private Throwable cause;
        private int attempts = 1;

        private Builder(String message) {
            this.message = java.util.Objects.requireNonNull(message, "message");
        }

        /**
         * The underlying failure.
         *
         * @param cause the cause, or {@code null} (the default)
         * @return this builder
         */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /**
         * How many HTTP requests the call made.
         *
         * @param attempts 0 or more; 1 by default
         * @return this builder
         */
        public Builder attempts(int attempts) {
            this.attempts = requireAttempts(attempts);
            return this;
        }

        /**
         * Creates the exception.
         *
         * @return a new exception
         */
        public BrevoException build() {
            return new BrevoException(this);
        }
    }
}
