package io.github.conversations4j.internal;

import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.errors.BrevoException;
import io.github.conversations4j.errors.InvalidRequestException;
import io.github.conversations4j.errors.InvalidWebhookException;
import java.util.Collection;
import java.util.Map;

/**
 * How the SDK's machinery words the public exceptions, through their public builders and factories: one place that
 * says which values the SDK fills in. Public only because {@code webhooks} must reach it; not part of the API.
 */
public final class ErrorFactory {
    private static final ErrorFactory INSTANCE = new ErrorFactory();

    private ErrorFactory() {}

    /**
     * The factory.
     *
     * @return the one instance
     */
    public static ErrorFactory get() {
        return INSTANCE;
    }

    /** A failure that fits no other exception. */
    public BrevoException other(String message, Throwable cause, int attempts) {
        return BrevoException.of(message, cause, attempts);
    }

    /** An error status: the subclass for the status (400, 401, 402, 403, 404, 429, 5xx), else the base class. */
    public BrevoApiException api(
            int status,
            String errorCode,
            String errorMessage,
            String request,
            Map<String, ? extends Collection<String>> headers,
            String rawBody,
            int attempts) {
        return BrevoApiException.builder(status)
                .errorCode(errorCode)
                .errorMessage(errorMessage)
                .request(request)
                .headers(headers == null ? Map.of() : headers)
                .rawBody(rawBody == null ? "" : rawBody)
                .attempts(attempts)
                .build();
    }

    /** No response. */
    public BrevoConnectionException connection(
            String request, boolean mayHaveReachedServer, boolean timeout, Throwable cause, int attempts) {
        return BrevoConnectionException.builder()
                .request(request)
                .mayHaveReachedServer(mayHaveReachedServer)
                .timeout(timeout)
                .cause(cause)
                .attempts(attempts)
                .build();
    }

    /** A 2xx whose body is not the expected JSON. */
    public BrevoDecodeException decode(
            int status, String request, String problem, String rawBody, Throwable cause, int attempts) {
        return BrevoDecodeException.builder()
                .statusCode(status)
                .request(request)
                .problem(problem)
                .rawBody(rawBody == null ? "" : rawBody)
                .cause(cause)
                .attempts(attempts)
                .build();
    }

    /** Refused before sending. */
    public InvalidRequestException invalidRequest(String operation, String field, String problem) {
        return InvalidRequestException.of(operation, field, problem);
    }

    /** A webhook body that is no Conversations event. */
    public InvalidWebhookException invalidWebhook(String message, Throwable cause) {
        return InvalidWebhookException.of(message, cause);
    }
}
