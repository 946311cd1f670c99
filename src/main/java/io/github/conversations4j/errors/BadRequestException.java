package io.github.conversations4j.errors;

/**
 * HTTP 400: Brevo refused a request that went out as breaking its contract ({@code invalid_parameter},
 * {@code missing_parameter}, ...); {@link #errorCode()} and {@link #errorMessage()} say what.
 *
 * <p>"Bad request" is Brevo's word, HTTP's name for status 400: the request did leave ({@link #attempts()} is at
 * least 1). Not to be confused with {@link InvalidRequestException}, the SDK's own refusal before anything is sent
 * ({@code attempts() == 0}). The SDK checks only what Brevo documents, so a request it lets through can still earn
 * this exception.
 */
public class BadRequestException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected BadRequestException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 400, with the defaults of {@link #builder(int)}. */
    public static Builder<BadRequestException> builder() {
        return new Builder<>(400, BadRequestException::new);
    }
}
