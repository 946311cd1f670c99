package io.github.conversations4j.errors;

/** HTTP 402: an account without enough credits (`not_enough_credits`). */
public class PaymentRequiredException extends BrevoApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from what {@link #builder()} returned; for a subclass of your own. */
    protected PaymentRequiredException(Builder<?> builder) {
        super(builder);
    }

    /** A builder for the exception the SDK throws for HTTP 402, with the defaults of {@link #builder(int)}. */
    public static Builder<PaymentRequiredException> builder() {
        return new Builder<>(402, PaymentRequiredException::new);
    }
}
