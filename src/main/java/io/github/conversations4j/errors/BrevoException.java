package io.github.conversations4j.errors;

import java.util.Objects;

/**
 * The root of every exception this SDK throws.
 *
 * <p>Unchecked. Its branches say what went wrong:
 * <ul>
 *   <li>{@link InvalidRequestException}: the call was refused before any byte was sent;</li>
 *   <li>{@link BrevoApiException} and its subclasses: Brevo (or a proxy in front of it) answered with an error
 *       status;</li>
 *   <li>{@link BrevoConnectionException}: no response was received (connection refused or reset, timeout);</li>
 *   <li>{@link BrevoDecodeException}: a success response whose body could not be read as the expected type;</li>
 *   <li>{@link InvalidWebhookException}: a webhook body that is no Conversations event.</li>
 * </ul>
 * The SDK throws this class itself only for a failure that fits none of them (a request body that cannot be
 * encoded, an unexpected failure inside Feign). No message of this hierarchy ever contains the API key or the
 * partner key.
 *
 * <p>A test can build every exception the SDK throws: see the {@linkplain io.github.conversations4j.errors package}.
 */
public class BrevoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /** Creates what {@link #of} returns; for a subclass of your own. */
    protected BrevoException(String message, Throwable cause, int attempts) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.attempts = requireAttempts(attempts);
    }

    /**
     * The exception for a failure that fits no narrower class.
     *
     * @param message what went wrong, fit for a log line
     * @param cause the underlying failure, or {@code null}
     * @param attempts how many HTTP requests the call made, 0 or more
     * @return a new exception
     */
    public static BrevoException of(String message, Throwable cause, int attempts) {
        return new BrevoException(message, cause, attempts);
    }

    /**
     * How many HTTP requests the call made before it ended with this exception, retries included.
     *
     * @return 0 when the call was refused before sending, otherwise at least 1
     */
    public int attempts() {
        return attempts;
    }

    static int requireAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        return attempts;
    }

    static int requireStatus(int statusCode) {
        if (statusCode < 100 || statusCode > 999) {
            throw new IllegalArgumentException("statusCode must be an HTTP status, 100 to 999: " + statusCode);
        }
        return statusCode;
    }
}
