package io.github.conversations4j.errors;

import java.util.Objects;

/**
 * A call was refused before any byte was sent, because an argument breaks Brevo's contract: a missing body, a
 * null or blank required field, a message id that cannot be one path segment, or a message that names no agent
 * the documented way.
 *
 * <p>Fix the argument named by {@link #field()}; retrying the same call can never succeed.
 *
 * <p>"Invalid request" is the SDK's own refusal, on this side, before anything was sent ({@link #attempts()} is 0).
 * Not to be confused with {@link BadRequestException}, "bad request", HTTP's name for status {@code 400}: Brevo's
 * answer to a request that did go out.
 */
public class InvalidRequestException extends BrevoException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String field;

    /**
     * Creates the exception from its builder; for a subclass of your own.
     *
     * @param builder the operation, field and problem
     */
    protected InvalidRequestException(Builder builder) {
        super("Invalid " + builder.operation + " request: " + builder.problem + " (nothing was sent)", null, 0);
        this.operation = builder.operation;
        this.field = builder.field;
    }

    /**
     * A builder for the exception the SDK throws when it refuses a call before sending.
     *
     * @return a builder; {@link Builder#operation}, {@link Builder#field} and {@link Builder#problem} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The operation that was called.
     *
     * @return an operation name such as {@code conversationsMessagesPost}
     */
    public String operation() {
        return operation;
    }

    /**
     * The field or parameter that breaks the contract.
     *
     * @return its JSON or parameter name, such as {@code visitorId}, {@code agentId}, {@code id} or {@code body}
     */
    public String field() {
        return field;
    }

    /** Builds an {@link InvalidRequestException}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String operation;
        private String field;
        private String problem;

        private Builder() {}

        /**
         * The operation that was called; required.
         *
         * @param operation for instance {@code conversationsMessagesPost}
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = Objects.requireNonNull(operation, "operation");
            return this;
        }

        /**
         * The JSON name of the offending field or parameter; required.
         *
         * @param field for instance {@code visitorId}
         * @return this builder
         */
        public Builder field(String field) {
            this.field = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * What is wrong with the field, as a sentence fragment; required.
         *
         * @param problem for instance {@code visitorId must not be blank}
         * @return this builder
         */
        public Builder problem(String problem) {
            this.problem = Objects.requireNonNull(problem, "problem");
            return this;
        }

        /**
         * Creates the exception.
         *
         * @return a new exception, with 0 attempts
         */
        public InvalidRequestException build() {
            if (operation == null || field == null || problem == null) {
                throw new IllegalStateException("operation, field and problem are required; missing: "
                        + (operation == null ? "operation " : "") + (field == null ? "field " : "")
                        + (problem == null ? "problem" : "").trim());
            }
            return new InvalidRequestException(this);
        }
    }
}
