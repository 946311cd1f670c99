package io.github.conversations4j.errors;

/**
 * The root of every exception this SDK throws.
 *
 * <p>Unchecked. Its branches say what went wrong:
 * <ul>
 *   <li>{@link InvalidRequestException}: the call was refused before any byte was sent;</li>
 *   <li>{@link BrevoApiException} and its subclasses: Brevo (or a proxy in front of it) answered with an error
 *       status;</li>
 *   <li>{@link BrevoConnectionException}: no response was received (connection refused or reset, timeout);</li>
 *   <li>{@link BrevoDecodeException}: a success response whose body could not be read as the expected type.</li>
 * </ul>
 * No message of this hierarchy ever contains the API key or the partner key.
 */
public class BrevoException extends RuntimeException {
  static {
    io.github.conversations4j.internal.ErrorFactory.install(Factory.INSTANCE);
  }

  private static final long serialVersionUID = 1L;

  private final int attempts;

  /**
   * Creates an exception with a message, an optional cause and the number of requests the call made.
   *
   * @param message what went wrong, fit for a log line
   * @param cause the underlying failure, or {@code null}
   * @param attempts how many HTTP requests the call made (0 when it was refused before sending)
   */
  BrevoException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /**
   * Creates an exception with a message and an optional cause, for a call that made one request.
   *
   * @param message what went wrong, fit for a log line
   * @param cause the underlying failure, or {@code null}
   */
  BrevoException(String message, Throwable cause) {
    this(message, cause, 1);
  }

  /**
   * How many HTTP requests the call made before it ended with this exception, retries included.
   *
   * @return 0 when the call was refused before sending, otherwise at least 1
   */
  public int attempts() {
    return attempts;
  }
}
