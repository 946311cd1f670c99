package io.github.conversations4j.errors;

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
   * Creates the exception.
   *
   * @param statusCode the HTTP status of the response
   * @param request method and path template of the call
   * @param problem what could not be decoded
   * @param rawBody a bounded copy of the response body
   * @param cause the parser's failure, or {@code null}
   * @param attempts how many HTTP requests the call made
   */
  BrevoDecodeException(
      int statusCode, String request, String problem, String rawBody, Throwable cause, int attempts) {
    super("HTTP " + statusCode + " " + problem + " (" + request + ")", cause, attempts);
    this.statusCode = statusCode;
    this.request = request;
    this.rawBody = rawBody;
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
   * @return for instance {@code GET /conversations/messages/{id}}
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
}
