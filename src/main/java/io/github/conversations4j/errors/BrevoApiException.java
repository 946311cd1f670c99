package io.github.conversations4j.errors;

import io.github.conversations4j.RateLimit;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

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
 *
 * <p>In a test, {@code BrevoApiException.builder(409)} or {@code NotFoundException.builder()} builds what the SDK
 * would throw.
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
     * Creates the exception from what {@link #builder(int)} or a subclass's {@code builder()} returned; for a subclass
     * of your own.
     */
    protected BrevoApiException(Builder<?> builder) {
        super(
                format(builder.statusCode, builder.errorCode, builder.errorMessage, builder.request),
                null,
                builder.attempts);
        this.statusCode = builder.statusCode;
        this.errorCode = builder.errorCode;
        this.errorMessage = builder.errorMessage;
        this.request = builder.request;
        this.headers = copy(builder.headers);
        this.rawBody = builder.rawBody;
    }

    /**
     * A builder for the exception the SDK throws for an error status: the subclass that names the status
     * ({@link NotFoundException} for 404, {@link ServerErrorException} for 5xx, ...), else this class itself.
     *
     * @param statusCode the HTTP status, 100 to 999
     * @return a builder with no error code, message or headers, an empty body and one attempt
     * @throws IllegalArgumentException when the status is not three digits
     */
    public static Builder<BrevoApiException> builder(int statusCode) {
        return new Builder<>(requireStatus(statusCode), BrevoApiException::forStatus);
    }

    private static BrevoApiException forStatus(Builder<BrevoApiException> b) {
        return switch (b.statusCode) {
            case 400 -> new BadRequestException(b);
            case 401 -> new UnauthorizedException(b);
            case 402 -> new PaymentRequiredException(b);
            case 403 -> new ForbiddenException(b);
            case 404 -> new NotFoundException(b);
            case 429 -> new TooManyRequestsException(b);
            default ->
                b.statusCode >= 500 && b.statusCode <= 599 ? new ServerErrorException(b) : new BrevoApiException(b);
        };
    }

    private static String format(int status, String code, String message, String request) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        if (code != null) {
            sb.append(' ').append(oneLine(code, 100));
        }
        if (message != null) {
            sb.append(code != null ? ": " : " ").append(oneLine(message, 500));
        }
        return request == null
                ? sb.toString()
                : sb.append(" (").append(request).append(')').toString();
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
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                copy.put(name, List.copyOf(values));
            }
        });
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
     * @return for instance {@code GET /conversations/messages/{id}}; {@code null} only when a builder left it unset
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
     * @return the state, or null when the response carried none
     */
    public RateLimit rateLimit() {
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

    /**
     * Builds a {@link BrevoApiException} or one of its subclasses; {@code E} is the class built. Not thread-safe;
     * {@link #build()} may be called more than once.
     *
     * @param <E> the exception class built
     */
    public static final class Builder<E extends BrevoApiException> {
        private final int statusCode;
        private final Function<Builder<E>, E> create;
        private String errorCode;
        private String errorMessage;
        private String request;
        private Map<String, ? extends Collection<String>> headers = Map.of();
        private String rawBody = "";
        private int attempts = 1;

        Builder(int statusCode, Function<Builder<E>, E> create) {
            this.statusCode = statusCode;
            this.create = create;
        }

        /** Sets {@link BrevoApiException#errorCode()}; {@code null} by default. */
        public Builder<E> errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /** Sets {@link BrevoApiException#errorMessage()}; {@code null} by default. */
        public Builder<E> errorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
            return this;
        }

        /** Sets {@link BrevoApiException#request()}; {@code null} by default. */
        public Builder<E> request(String request) {
            this.request = request;
            return this;
        }

        /** Sets {@link BrevoApiException#headers()}, copied; empty by default. */
        public Builder<E> headers(Map<String, ? extends Collection<String>> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** Sets {@link BrevoApiException#rawBody()}, not null; empty by default. */
        public Builder<E> rawBody(String rawBody) {
            this.rawBody = Objects.requireNonNull(rawBody, "rawBody");
            return this;
        }

        /** Sets {@link BrevoException#attempts()}, 0 or more; 1 by default. */
        public Builder<E> attempts(int attempts) {
            this.attempts = requireAttempts(attempts);
            return this;
        }

        /** Creates the exception. */
        public E build() {
            return create.apply(this);
        }
    }
}
