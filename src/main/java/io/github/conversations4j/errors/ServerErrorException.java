package io.github.conversations4j.errors;

/**
 * HTTP 5xx: Brevo or a proxy in front of it failed. The body may be a proxy's HTML page, in which case
 * {@link #errorCode()} is {@code null}.
 */
public class ServerErrorException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from what {@link #builder()} or {@link BrevoApiException#builder(int)} returned; for a
     * subclass of your own.
     */
    protected ServerErrorException(Builder<?> builder) {
        super(builder);
    }

    /**
     * A builder for the exception the SDK throws for HTTP 500, with the defaults of {@link #builder(int)}. For another
     * 5xx, {@code BrevoApiException.builder(503)} builds a {@code ServerErrorException} too.
     */
    public static Builder<ServerErrorException> builder() {
        return new Builder<>(500, ServerErrorException::new);
    }
}
