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

  /**
   * Creates the exception.
   *
   * @param request method and path template of the call, for instance {@code POST /conversations/messages}
   * @param mayHaveReachedServer false only when the request provably never left this process (connection
   *     refused, unknown host, connect timeout)
   * @param timeout whether a connect or read timeout fired
   * @param cause the I/O failure
   * @param attempts how many HTTP requests the call made
   */
  BrevoConnectionException(
      String request, boolean mayHaveReachedServer, boolean timeout, Throwable cause, int attempts) {
    super(
        "No response to " + request + ": " + describe(cause)
            + (mayHaveReachedServer
                ? " (the request may have reached the server)"
                : " (the request did not reach the server)")
            + (attempts > 1 ? " after " + attempts + " attempts" : ""),
        cause, attempts);
    this.request = request;
    this.mayHaveReachedServer = mayHaveReachedServer;
    this.timeout = timeout;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "I/O failure";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  /**
   * Method and path template of the call.
   *
   * @return for instance {@code GET /conversations/messages/{id}}
   */
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
}
