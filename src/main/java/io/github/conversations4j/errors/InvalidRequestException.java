package io.github.conversations4j.errors;

/**
 * A call was refused before any byte was sent, because an argument breaks Brevo's contract: a missing body, a
 * null or blank required field, a message id that cannot be one path segment, or a message that names no agent
 * the documented way.
 *
 * <p>Fix the argument named by {@link #field()}; retrying the same call can never succeed.
 *
 * <p>This is the SDK's own refusal, before anything was sent ({@link #attempts()} is 0). Not to be confused with
 * {@link BadRequestException}, which is Brevo's {@code 400} answer to a request that did go out.
 */
public class InvalidRequestException extends BrevoException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param operation the operation that was called, for instance {@code conversationsMessagesPost}
   * @param field the JSON name of the offending field or parameter, for instance {@code visitorId}
   * @param problem what is wrong with it, as a sentence fragment
   */
  InvalidRequestException(String operation, String field, String problem) {
    super("Invalid " + operation + " request: " + problem + " (nothing was sent)", null, 0);
    this.operation = operation;
    this.field = field;
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
