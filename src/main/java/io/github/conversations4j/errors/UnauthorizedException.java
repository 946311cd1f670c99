package io.github.conversations4j.errors;

/** HTTP 401: a missing, wrong or revoked API key. */
public class UnauthorizedException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected UnauthorizedException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 401, with the defaults of {@link #builder(int)}. */
    public static Builder<UnauthorizedException> builder() {
        return new Builder<>(401, UnauthorizedException::new);
    }
}
