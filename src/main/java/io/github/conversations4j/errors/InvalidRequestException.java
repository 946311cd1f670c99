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

    /** Creates what {@link #of} returns; for a subclass of your own. */
    protected InvalidRequestException(String operation, String field, String problem) {
        super(
                "Invalid " + Objects.requireNonNull(operation, "operation") + " request: "
                        + Objects.requireNonNull(problem, "problem") + " (nothing was sent)",
                null,
                0);
        this.operation = operation;
        this.field = Objects.requireNonNull(field, "field");
    }

    /**
     * The exception the SDK throws when it refuses a call before sending, with 0 attempts.
     *
     * @param operation the operation that was called, for instance {@code conversationsMessagesPost}
     * @param field the JSON name of the offending field or parameter, for instance {@code visitorId}
     * @param problem what is wrong with it, as a sentence fragment: {@code visitorId must not be blank}
     * @return a new exception
     */
    public static InvalidRequestException of(String operation, String field, String problem) {
        return new InvalidRequestException(operation, field, problem);
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
}
