package io.github.conversations4j.errors;

import java.util.Objects;

/**
 * A success response arrived but its body could not be read as the type the operation returns: not JSON, JSON
 * of the wrong shape, or empty where a message was expected.
 *
 * <p>The request was processed by the server: do not repeat a send because of this exception.
 */
public class BrevoDecodeException extends BrevoException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String request;
    private final String rawBody;

    /**
     * Creates the exception from its builder; for a subclass of your own.
     *
     * @param builder the status, request, problem, body, cause and attempts
     */
    protected BrevoDecodeException(Builder builder) {
        super(
                "HTTP " + builder.statusCode + " " + Objects.requireNonNull(builder.problem, "problem")
                        + (builder.request == null ? "" : " (" + builder.request + ")"),
                builder.cause,
                builder.attempts);
        this.statusCode = builder.statusCode;
        this.request = builder.request;
        this.rawBody = builder.rawBody;
    }

    /**
     * A builder for the exception the SDK throws when a success response cannot be read.
     *
     * @return a builder for status 200 with an empty body, no cause and one attempt; {@link Builder#problem} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The HTTP status of the response.
     *
     * @return a 2xx status
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * Method and path template of the call.
     *
     * @return for instance {@code GET /conversations/messages/{id}}; {@code null} only when a builder left it unset
     */
    public String request() {
        return request;
    }

    /**
     * A bounded copy of the body that could not be decoded.
     *
     * @return the body as text, cut at the SDK's bound; empty when there was none
     */
    public String rawBody() {
        return rawBody;
    }

    /** Builds a {@link BrevoDecodeException}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String request;
        private String problem;
        private int statusCode = 200;
        private String rawBody = "";
        private Throwable cause;
        private int attempts = 1;

        private Builder() {}

        /**
         * Method and path template of the call.
         *
         * @param request for instance {@code GET /conversations/messages/{id}}, or {@code null} (the default)
         * @return this builder
         */
        public Builder request(String request) {
            this.request = request;
            return this;
        }

        /**
         * What could not be decoded; required.
         *
         * @param problem for instance {@code response body is not JSON}
         * @return this builder
         */
        public Builder problem(String problem) {
            this.problem = Objects.requireNonNull(problem, "problem");
            return this;
        }

        /**
         * The HTTP status of the response.
         *
         * @param statusCode the status, a 2xx when the SDK throws it; 200 by default
         * @return this builder
         */
        public Builder statusCode(int statusCode) {
            if (statusCode < 100 || statusCode > 999) {
                throw new IllegalArgumentException("statusCode must be an HTTP status, 100 to 999: " + statusCode);
            }
            this.statusCode = statusCode;
            return this;
        }

        /**
         * The body that could not be decoded.
         *
         * @param rawBody the body as text; empty by default
         * @return this builder
         */
        public Builder rawBody(String rawBody) {
            this.rawBody = Objects.requireNonNull(rawBody, "rawBody");
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
        public BrevoDecodeException build() {
            if (problem == null) {
                throw new IllegalStateException("problem is required: say what could not be decoded");
            }
            return new BrevoDecodeException(this);
        }
    }
}
