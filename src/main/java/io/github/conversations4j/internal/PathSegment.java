package io.github.conversations4j.internal;

import feign.Param;
import java.nio.charset.StandardCharsets;

/**
 * Turns a caller's string into exactly one URL path segment, so that a message id can never change where a
 * request goes.
 *
 * <p>Every byte outside RFC 3986's unreserved set ({@code A-Z a-z 0-9 - . _ ~}) is percent-encoded, the
 * {@code %} of a caller's own {@code %2F} included. Values that no encoding makes a safe segment are refused
 * before any I/O: blank values, the dot segments {@code .} and {@code ..}, and values with control characters.
 */
final class PathSegment implements Param.Expander {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Says what makes a value unfit to be a path segment.
     *
     * @param value the caller's value
     * @return a sentence fragment naming the problem, or {@code null} when the value is fine
     */
    public static String problem(String value) {
        if (value == null) {
            return "must not be null";
        }
        if (value.isBlank()) {
            return "must not be blank";
        }
        if (value.equals(".") || value.equals("..")) {
            return "must not be a dot segment (\".\" or \"..\")";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "must not contain control characters (found U+" + String.format("%04X", (int) value.charAt(i))
                        + " at index " + i + ")";
            }
        }
        return null;
    }

    /**
     * Percent-encodes every byte of the value's UTF-8 form that is not unreserved.
     *
     * @param value a value that {@link #problem(String)} accepts
     * @return the encoded segment
     */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean unreserved = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '-'
                    || b == '.'
                    || b == '_'
                    || b == '~';
            if (unreserved) {
                if (sb != null) {
                    sb.append((char) b);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(bytes.length * 3);
                    for (int j = 0; j < i; j++) {
                        sb.append((char) bytes[j]);
                    }
                }
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return sb == null ? value : sb.toString();
    }

    @Override
    public String expand(Object value) {
        String text = String.valueOf(value);
        String problem = problem(text);
        if (problem != null) {
            // The invocation handler validates first; this is the last line of defence for other callers.
            throw new IllegalArgumentException("path parameter " + problem);
        }
        return encode(text);
    }
}
