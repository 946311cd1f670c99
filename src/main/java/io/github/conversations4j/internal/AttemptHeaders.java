package io.github.conversations4j.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The rule for headers a caller adds to a request (a hook's, per-call options'): which names, which values. */
final class AttemptHeaders {
    /** The SDK's own headers and the framing's: nobody but the SDK sets them. */
    static final Set<String> RESERVED = Set.of(
            "api-key",
            "partner-key",
            "authorization",
            "proxy-authorization",
            "user-agent",
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "expect",
            "upgrade",
            "te",
            "keep-alive",
            "trailer",
            "proxy-connection");

    private AttemptHeaders() {}

    /**
     * Checks a header.
     *
     * @param name its name
     * @param value its value
     * @throws IllegalArgumentException naming the header (never the value) and what is wrong
     */
    static void check(String name, String value) {
        Objects.requireNonNull(name, "header name must not be null");
        Objects.requireNonNull(value, () -> "the value of header " + name + " must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException(
                        "header name has a character not allowed in an HTTP token at index " + i);
            }
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is set by the SDK and cannot be added or replaced");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7F) {
                throw new IllegalArgumentException("the value of header " + name + " holds "
                        + (c == '\r' || c == '\n'
                                ? "a line break"
                                : c >= 0x7F ? "a non-ASCII character" : "a control character")
                        + " at index " + i);
            }
        }
    }
}
