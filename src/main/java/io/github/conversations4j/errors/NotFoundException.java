package io.github.conversations4j.errors;

/** HTTP 404: an unknown message id (`document_not_found`). */
public class NotFoundException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected NotFoundException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 404, with the defaults of {@link #builder(int)}. */
    public static Builder<NotFoundException> builder() {
        return new Builder<>(404, NotFoundException::new);
    }
}
