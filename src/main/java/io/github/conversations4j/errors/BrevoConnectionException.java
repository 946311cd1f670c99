package io.github.conversations4j.errors;

/**
 * No response was received: the connection was refused or reset, the host was not found, or a connect or read
 * timeout fired.
 *
 * <p>{@link #mayHaveReachedServer()} tells whether the request could have been delivered. Brevo's API has no
 * idempotency key: a message send that may have reached the server must not be re-sent blindly, or the visitor
 * may see it twice.
 */
public class BrevoConnectionException extends BrevoException {
    private static final long serialVersionUID = 1L;

    private final String request;
    private final boolean mayHaveReachedServer;
    private final boolean timeout;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected BrevoConnectionException(Builder builder) {
        super(
                "No response" + (builder.request == null ? "" : " to " + builder.request) + ": "
                        + describe(builder.cause)
                        + (builder.mayHaveReachedServer
                                ? " (the request may have reached the server)"
                                : " (the request did not reach the server)")
                        + (builder.attempts > 1 ? " after " + builder.attempts + " attempts" : ""),
                builder.cause,
                builder.attempts);
        this.request = builder.request;
        this.mayHaveReachedServer = builder.mayHaveReachedServer;
        this.timeout = builder.timeout;
    }

    /**
     * A builder for the exception the SDK throws when no response came.
     *
     * @return a builder for a failure that may have reached the server, no timeout, no cause and one attempt
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "I/O failure";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    /** Method and path template of the call, as {@link BrevoApiException#request()}. */
    public String request() {
        return request;
    }

    /**
     * Whether the request may have been delivered before the failure.
     *
     * @return false only when the request provably never reached the server
     */
    public boolean mayHaveReachedServer() {
        return mayHaveReachedServer;
    }

    /**
     * Whether a connect or read timeout ended the call.
     *
     * @return true for a timeout
     */
    public boolean isTimeout() {
        return timeout;
    }

    /** Builds a {@link BrevoConnectionException}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String request;
        private boolean mayHaveReachedServer = true;
        private boolean timeout;
        private Throwable cause;
        private int attempts = 1;

        private Builder() {}

        /** Sets {@link BrevoConnectionException#request()}; {@code null} by default. */
        public Builder request(String request) {
            this.request = request;
            return this;
        }

        /**
         * Sets {@link BrevoConnectionException#mayHaveReachedServer()}: false only when the request provably never left
         * the process (connection refused, unknown host, connect timeout); true by default.
         */
        public Builder mayHaveReachedServer(boolean mayHaveReachedServer) {
            this.mayHaveReachedServer = mayHaveReachedServer;
            return this;
        }

        /** Sets {@link BrevoConnectionException#isTimeout()}; false by default. */
        public Builder timeout(boolean timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets the cause, the I/O failure; {@code null} by default. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** Sets {@link BrevoException#attempts()}, 0 or more; 1 by default. */
        public Builder attempts(int attempts) {
            this.attempts = requireAttempts(attempts);
            return this;
        }

        /** Creates the exception. */
        public BrevoConnectionException build() {
            return new BrevoConnectionException(this);
        }
    }
}
