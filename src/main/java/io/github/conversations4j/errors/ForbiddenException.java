package io.github.conversations4j.errors;

import java.util.Collection;
import java.util.Map;

/** HTTP 403: a key or account without permission (`permission_denied`). */
public class ForbiddenException extends BrevoApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link BrevoApiException#BrevoApiException} for the parameters.
   *
   * @param errorCode the {@code code} of Brevo's error body, or {@code null}
   * @param errorMessage the {@code message} of Brevo's error body, or {@code null}
   * @param request method and path template of the call
   * @param headers the response headers
   * @param rawBody a bounded copy of the response body
   * @param attempts how many HTTP requests the call made
   */
  ForbiddenException(
      String errorCode,
      String errorMessage,
      String request,
      Map<String, ? extends Collection<String>> headers,
      String rawBody,
      int attempts) {
    super(403, errorCode, errorMessage, request, headers, rawBody, attempts);
  }
}
