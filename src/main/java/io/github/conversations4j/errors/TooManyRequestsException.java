package io.github.conversations4j.errors;

/** HTTP 429: the rate limit was hit; {@link #rateLimit()} says when the window resets. */
public class TooManyRequestsException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected TooManyRequestsException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 429, with the defaults of {@link #builder(int)}. */
    public static Builder<TooManyRequestsException> builder() {
        return new Builder<>(429, TooManyRequestsException::new);
    }
}
