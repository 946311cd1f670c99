package io.github.conversations4j.errors;

import java.util.Collection;
import java.util.Map;

/**
 * HTTP 5xx: Brevo or a proxy in front of it failed. The body may be a proxy's HTML page, in which case
 * {@link #errorCode()} is {@code null}.
 */
public class ServerErrorException extends BrevoApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link BrevoApiException#BrevoApiException} for the parameters.
   *
   * @param statusCode the HTTP status, 500 to 599
   * @param errorCode the {@code code} of Brevo's error body, or {@code null}
   * @param errorMessage the {@code message} of Brevo's error body, or {@code null}
   * @param request method and path template of the call
   * @param headers the response headers
   * @param rawBody a bounded copy of the response body
   * @param attempts how many HTTP requests the call made
   */
  ServerErrorException(
      int statusCode,
      String errorCode,
      String errorMessage,
      String request,
      Map<String, ? extends Collection<String>> headers,
      String rawBody,
      int attempts) {
    super(statusCode, errorCode, errorMessage, request, headers, rawBody, attempts);
  }
}
