package io.github.conversations4j.spring;

/**
 * A {@code brevo.conversations.*} property with a value the SDK refuses: its message names the property and says
 * what is wrong, and never contains a key, a password or a token.
 */
final class InvalidPropertyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    InvalidPropertyException(String property, String reason) {
        super(property + " " + reason);
        this.property = property;
    }

    /** The full name of the property, such as {@code brevo.conversations.connect-timeout}. */
    String property() {
        return property;
    }
}
