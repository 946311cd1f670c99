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

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
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

    /** Method and path template of the call, as {@link BrevoApiException#request()}. */
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

        /** Sets {@link BrevoDecodeException#request()}; {@code null} by default. */
        public Builder request(String request) {
            this.request = request;
            return this;
        }

        /** What could not be decoded, for instance {@code response body is not JSON}; required. */
        public Builder problem(String problem) {
            this.problem = Objects.requireNonNull(problem, "problem");
            return this;
        }

        /** Sets {@link BrevoDecodeException#statusCode()}, 100 to 999 (a 2xx when the SDK throws); 200 by default. */
        public Builder statusCode(int statusCode) {
            this.statusCode = requireStatus(statusCode);
            return this;
        }

        /** Sets {@link BrevoDecodeException#rawBody()}, not null; empty by default. */
        public Builder rawBody(String rawBody) {
            this.rawBody = Objects.requireNonNull(rawBody, "rawBody");
            return this;
        }

        /** Sets the cause, the parser's failure; {@code null} by default. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** Sets {@link BrevoException#attempts()}, 0 or more; 1 by default. */
        public Builder attempts(int attempts) {
            this.attempts = requireAttempts(attempts);
            return this;
        }

        /** Creates the exception; {@link IllegalStateException} when no {@link #problem} was set. */
        public BrevoDecodeException build() {
            if (problem == null) {
                throw new IllegalStateException("problem is required: say what could not be decoded");
            }
            return new BrevoDecodeException(this);
        }
    }
}
