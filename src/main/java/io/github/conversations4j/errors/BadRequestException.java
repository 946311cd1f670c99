package io.github.conversations4j.errors;

import java.util.Collection;
import java.util.Map;

/**
 * HTTP 400: Brevo refused a request that went out as breaking its contract ({@code invalid_parameter},
 * {@code missing_parameter}, ...); {@link #errorCode()} and {@link #errorMessage()} say what. Not to be confused
 * with {@link InvalidRequestException}, the SDK's own refusal before anything is sent.
 */
public class BadRequestException extends BrevoApiException {
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
  BadRequestException(
      String errorCode,
      String errorMessage,
      String request,
      Map<String, ? extends Collection<String>> headers,
      String rawBody,
      int attempts) {
    super(400, errorCode, errorMessage, request, headers, rawBody, attempts);
  }
}
