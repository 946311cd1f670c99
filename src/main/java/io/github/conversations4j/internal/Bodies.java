package io.github.conversations4j.internal;

import feign.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads response bodies without ever holding more than a set number of bytes. */
final class Bodies {
    /** The most of an error body the SDK keeps. */
    public static final int MAX_ERROR_BODY = 64 * 1024;
    /** The most of a success body the SDK reads; a message is a few kilobytes. */
    public static final int MAX_SUCCESS_BODY = 8 * 1024 * 1024;

    private Bodies() {}

    /**
     * A body read up to a bound.
     *
     * @param bytes the bytes read, at most the bound
     * @param truncated whether the body went on past the bound
     */
    record Bounded(byte[] bytes, boolean truncated) {
        /** The bytes as UTF-8 text, malformed sequences replaced. */
        public String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final Bounded EMPTY = new Bounded(new byte[0], false);

    /**
     * Reads at most {@code max} bytes of a response body and closes it.
     *
     * @param body the body, or {@code null}
     * @param max the bound
     * @return what was read
     * @throws IOException when reading fails
     */
    public static Bounded read(Response.Body body, int max) throws IOException {
        if (body == null) {
            return EMPTY;
        }
        try (InputStream in = body.asInputStream()) {
            Integer length = body.length();
            if (length != null && length >= 0 && length <= max) {
                byte[] bytes = in.readNBytes(length);
                return new Bounded(bytes, bytes.length == length && in.read() >= 0);
            }
            int initial = length != null && length >= 0 ? Math.min(length, max) : 512;
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 16));
            byte[] buffer = new byte[8192];
            int total = 0;
            while (total < max) {
                int n = in.read(buffer, 0, Math.min(buffer.length, max - total));
                if (n < 0) {
                    return new Bounded(out.toByteArray(), false);
                }
                out.write(buffer, 0, n);
                total += n;
            }
            return new Bounded(out.toByteArray(), in.read() >= 0);
        }
    }
}
