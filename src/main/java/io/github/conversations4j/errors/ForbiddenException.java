package io.github.conversations4j.errors;

/** HTTP 403: a key or account without permission (`permission_denied`). */
public class ForbiddenException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected ForbiddenException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 403, with the defaults of {@link #builder(int)}. */
    public static Builder<ForbiddenException> builder() {
        return new Builder<>(403, ForbiddenException::new);
    }
}
