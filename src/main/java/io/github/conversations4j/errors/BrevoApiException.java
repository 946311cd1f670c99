package io.github.conversations4j.errors;

import io.github.conversations4j.RateLimit;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Brevo, or a proxy in front of it, answered with an error status.
 *
 * <p>Carries the status, Brevo's error {@code code} and {@code message} when the body holds them, the response
 * headers and a bounded copy of the raw body. {@link #getMessage()} stands alone in a log line, for instance
 * {@code HTTP 404 document_not_found: Message not found (GET /conversations/messages/{id})}.
 *
 * <p>Subclasses name the statuses a caller commonly handles: {@link BadRequestException} (400),
 * {@link UnauthorizedException} (401), {@link PaymentRequiredException} (402), {@link ForbiddenException} (403),
 * {@link NotFoundException} (404), {@link TooManyRequestsException} (429) and {@link ServerErrorException} (5xx).
 * Other statuses (3xx, 405, 406, 422, ...) are thrown as this class itself.
 */
public class BrevoApiException extends BrevoException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorCode;
  private final String errorMessage;
  private final String request;
  private final transient Map<String, List<String>> headers;
  private final String rawBody;

  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status
   * @param errorCode the {@code code} of Brevo's error body, or {@code null}
   * @param errorMessage the {@code message} of Brevo's error body, or {@code null}
   * @param request method and path template of the call, for instance {@code GET /conversations/messages/{id}}
   * @param headers the response headers (names are looked up case-insensitively)
   * @param rawBody a bounded copy of the response body, never {@code null}
   * @param attempts how many HTTP requests the call made, at least 1
   */
  BrevoApiException(
      int statusCode,
      String errorCode,
      String errorMessage,
      String request,
      Map<String, ? extends Collection<String>> headers,
      String rawBody,
      int attempts) {
    super(format(statusCode, errorCode, errorMessage, request), null, attempts);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.request = request;
    this.headers = copy(headers);
    this.rawBody = rawBody == null ? "" : rawBody;
  }

  private static String format(int status, String code, String message, String request) {
    StringBuilder sb = new StringBuilder("HTTP ").append(status);
    if (code != null) {
      sb.append(' ').append(oneLine(code, 100));
    }
    if (message != null) {
      sb.append(code != null ? ": " : " ").append(oneLine(message, 500));
    }
    return sb.append(" (").append(request).append(')').toString();
  }

  /**
   * What a server sent, made fit for one log line: control characters (line breaks included) become spaces, and
   * more than {@code max} characters are cut with an ellipsis. {@link #errorMessage()} keeps the text as sent.
   */
  static String oneLine(String text, int max) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > max) {
      sb.append('\u2026');
    }
    return sb.toString();
  }

  private static Map<String, List<String>> copy(Map<String, ? extends Collection<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((name, values) -> {
        if (name != null && values != null) {
          copy.put(name, List.copyOf(values));
        }
      });
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The HTTP status of the response.
   *
   * @return for instance 404
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The {@code code} of Brevo's error body, as sent.
   *
   * <p>An open value: Brevo adds codes over time ({@code document_not_found}, {@code invalid_parameter},
   * {@code unauthorized}, ...). Compare it as a string.
   *
   * @return the code, or {@code null} when the body had none (a proxy's HTML page, an empty body)
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The {@code message} of Brevo's error body.
   *
   * @return the message, or {@code null} when the body had none
   */
  public String errorMessage() {
    return errorMessage;
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
   * The response headers.
   *
   * @return an unmodifiable map whose keys are compared case-insensitively
   */
  public Map<String, List<String>> headers() {
    return headers == null ? Map.of() : headers;
  }

  /**
   * The first value of a response header.
   *
   * @param name the header name, in any case
   * @return its first value, or {@code null} when absent
   */
  public String header(String name) {
    List<String> values = headers().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The rate-limit state Brevo reported on this response, from the {@code x-sib-ratelimit-*} headers.
   *
   * @return the state, or empty when the response carried none
   */
  public Optional<RateLimit> rateLimit() {
    return RateLimit.fromHeaders(headers());
  }

  /**
   * A bounded copy of the response body (the SDK reads at most 64 KiB of an error body).
   *
   * @return the body as text, possibly cut; empty when there was none
   */
  public String rawBody() {
    return rawBody;
  }
}
