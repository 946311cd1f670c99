package io.github.conversations4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of HTTP/1.1 responses (RFC 9112): what it cannot frame for certain it refuses, because a
 * response read with the wrong length shifts every later answer on the connection by one.
 *
 * <ul>
 *   <li>status line: {@code HTTP/1.}<i>digit</i>, one space, exactly three digits from 100, then a space and a
 *       reason or nothing;</li>
 *   <li>header lines: a token, a colon, a value without control characters; no line folding, no NUL, no bare
 *       CR;</li>
 *   <li>{@code Content-Length}: digits only, every value the same; {@code Transfer-Encoding}: {@code chunked}
 *       alone, and not on an HTTP/1.0 response;</li>
 *   <li>1xx answers are skipped, except a {@code 101}, which this client never asks for;</li>
 *   <li>a response that leaves bytes behind it, or whose framing the server cannot have meant (a {@code 204}
 *       that announces a body, both a length and chunking), is read but its connection is never used again.</li>
 * </ul>
 */
final class Http1 {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_CHUNK_LINE_BYTES = 8 * 1024;

    private Http1() {}

    /** A parsed response. */
    static final class Response {
        int status;
        String reason;
        /** As received; Feign makes its own case-insensitive copy. */
        final Map<String, Collection<String>> headers = new LinkedHashMap<>();

        byte[] body;
        boolean reusable;
        /** Framing values, kept apart from {@link #headers} while reading. */
        private final List<String> connection = new ArrayList<>(1);

        private final List<String> transferEncoding = new ArrayList<>(1);
        private final List<String> contentLength = new ArrayList<>(1);
        private boolean http10;
    }

    /**
     * Reads one response.
     *
     * @param in the connection
     * @param head whether the request was a {@code HEAD}
     * @param maxSuccessBody most bytes of a 2xx body to read; one more tells that it went on
     * @param maxErrorBody the same for any other status
     * @param readTimeout the longest wait for the next bytes
     * @return the response; {@link Response#reusable} says whether the connection may carry another
     */
    static Response read(Connection in, boolean head, int maxSuccessBody, int maxErrorBody, Duration readTimeout)
            throws IOException {
        Response response = new Response();
        int[] headBytes = {0};
        boolean first = true;
        do {
            readHead(in, response, headBytes, first, readTimeout);
            first = false;
            if (response.status == 101) {
                throw new ProtocolException("unsolicited 101 Switching Protocols: this client never asks to upgrade");
            }
        } while (response.status < 200);

        int max = (response.status < 300 ? maxSuccessBody : maxErrorBody) + 1;
        boolean chunked = chunked(response);
        if (response.status == 204 || response.status == 304 || head) {
            // No body, whatever the headers say. A 204 that announces one (RFC 9110 forbids its Content-Length) means
            // the server will send bytes that are not a response: the connection is not used again.
            if (response.status == 204
                    && (chunked || (!response.contentLength.isEmpty() && parseLength(response.contentLength) != 0))) {
                response.reusable = false;
            } else if (response.status == 304 && chunked) {
                response.reusable = false; // a 304 may announce its representation's length, but not chunks to come
            }
        } else if (chunked) {
            readChunked(in, response, max, readTimeout);
            if (!response.contentLength.isEmpty()) {
                response.reusable = false; // both framings: read as chunked (RFC 9112 6.3), never trusted again
            }
        } else if (!response.contentLength.isEmpty()) {
            long length = parseLength(response.contentLength);
            if (length > max) {
                response.body = in.readFully(max, readTimeout);
                response.reusable = false;
            } else {
                response.body = in.readFully((int) length, readTimeout);
            }
        } else {
            // No length: the body runs until the server closes the connection.
            response.reusable = false;
            response.body = in.readToEnd(max, readTimeout);
        }
        if (in.buffered() > 0) {
            response.reusable = false; // bytes after the response: not an answer to anything this client sent
        }
        return response;
    }

    /**
     * Reads a status line and headers into {@code response}, replacing what an earlier (1xx) head left there.
     *
     * @param headBytes bytes of head read so far, against {@link #MAX_HEAD_BYTES}; updated
     * @param first whether no byte of the response was read before
     */
    static void readHead(Connection in, Response response, int[] headBytes, boolean first, Duration readTimeout)
            throws IOException {
        response.headers.clear();
        response.connection.clear();
        response.transferEncoding.clear();
        response.contentLength.clear();
        String statusLine = in.readLine(headBytes, MAX_HEAD_BYTES, first, readTimeout);
        parseStatusLine(statusLine, response);
        String line;
        while (!(line = in.readLine(headBytes, MAX_HEAD_BYTES, false, readTimeout)).isEmpty()) {
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                throw new ProtocolException("obsolete line folding in the response head");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed response header line (no field name and colon)");
            }
            for (int i = 0; i < colon; i++) {
                if (!isTokenChar(line.charAt(i))) {
                    throw new ProtocolException("malformed response header name"
                            + (i == colon - 1 && (line.charAt(i) == ' ' || line.charAt(i) == '\t')
                                    ? " (white space before the colon)"
                                    : ""));
                }
            }
            String name = line.substring(0, colon);
            int start = colon + 1;
            int end = line.length();
            while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                start++;
            }
            while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            for (int i = start; i < end; i++) {
                char c = line.charAt(i);
                if ((c < ' ' && c != '\t') || c == 0x7F) {
                    throw new ProtocolException("control character in the value of response header " + name);
                }
            }
            String value = line.substring(start, end);
            response.headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            if (name.equalsIgnoreCase("Content-Length")) {
                response.contentLength.add(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                response.transferEncoding.add(value);
            } else if (name.equalsIgnoreCase("Connection")) {
                response.connection.add(value);
            }
        }
        response.reusable = response.http10
                ? hasToken(response.connection, "keep-alive") && !hasToken(response.connection, "close")
                : !hasToken(response.connection, "close");
    }

    private static void parseStatusLine(String line, Response response) throws ProtocolException {
        // HTTP-version SP 3DIGIT [ SP reason-phrase ]; the reason is optional, and so is its space when it is empty.
        boolean version =
                line.length() >= 12 && line.startsWith("HTTP/1.") && isDigit(line.charAt(7)) && line.charAt(8) == ' ';
        if (!version) {
            throw new ProtocolException("not an HTTP/1.x status line: " + printable(line));
        }
        if (!isDigit(line.charAt(9))
                || !isDigit(line.charAt(10))
                || !isDigit(line.charAt(11))
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("status code is not three digits: " + printable(line));
        }
        int status = (line.charAt(9) - '0') * 100 + (line.charAt(10) - '0') * 10 + (line.charAt(11) - '0');
        if (status < 100) {
            throw new ProtocolException("status code below 100: " + printable(line));
        }
        response.status = status;
        response.reason = line.length() > 13 ? line.substring(13) : "";
        for (int i = 0; i < response.reason.length(); i++) {
            char c = response.reason.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                throw new ProtocolException("control character in the reason phrase: " + printable(line));
            }
        }
        response.http10 = line.charAt(7) == '0';
    }

    private static boolean chunked(Response response) throws ProtocolException {
        if (response.transferEncoding.isEmpty()) {
            return false;
        }
        if (response.http10) {
            throw new ProtocolException("Transfer-Encoding on an HTTP/1.0 response");
        }
        List<String> codings = new ArrayList<>(1);
        for (String value : response.transferEncoding) {
            for (String part : value.split(",", -1)) {
                codings.add(part.trim());
            }
        }
        if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
            throw new ProtocolException("unsupported Transfer-Encoding: " + printable(String.join(", ", codings)));
        }
        return true;
    }

    private static void readChunked(Connection in, Response response, int max, Duration readTimeout)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        int[] trailerBytes = {0};
        while (true) {
            // Each chunk-size line has its own bound: a body in many small chunks is not a large head.
            String sizeLine = in.readLine(new int[] {0}, MAX_CHUNK_LINE_BYTES, false, readTimeout);
            long size = parseChunkSize(sizeLine);
            if (size == 0) {
                String trailer;
                while (!(trailer = in.readLine(trailerBytes, MAX_HEAD_BYTES, false, readTimeout)).isEmpty()) {
                    if (trailer.charAt(0) == ' ' || trailer.charAt(0) == '\t' || trailer.indexOf(':') <= 0) {
                        throw new ProtocolException("malformed trailer line");
                    }
                }
                break;
            }
            long room = max - out.size();
            if (size > room) {
                out.write(in.readFully((int) room, readTimeout));
                response.reusable = false;
                break;
            }
            out.write(in.readFully((int) size, readTimeout));
            if (!in.readLine(new int[] {0}, MAX_CHUNK_LINE_BYTES, false, readTimeout)
                    .isEmpty()) {
                throw new ProtocolException("malformed chunk: no CRLF after the data");
            }
        }
        response.body = out.toByteArray();
    }

    /** {@code 1*HEXDIG [BWS ";" chunk-ext]}: digits only, no sign or prefix. */
    private static long parseChunkSize(String line) throws ProtocolException {
        int end = line.indexOf(';');
        if (end < 0) {
            end = line.length();
        }
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || end > 15) {
            throw new ProtocolException("malformed chunk size");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line.charAt(i), 16);
            if (digit < 0 || line.charAt(i) > 'f') {
                throw new ProtocolException("malformed chunk size");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    /** Every value {@code 1*DIGIT}, and all the same (RFC 9110 8.6). */
    private static long parseLength(Collection<String> values) throws ProtocolException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String digits = part.trim();
                if (digits.isEmpty() || digits.length() > 18) {
                    throw new ProtocolException("malformed Content-Length");
                }
                long parsed = 0;
                for (int i = 0; i < digits.length(); i++) {
                    char c = digits.charAt(i);
                    if (!isDigit(c)) {
                        throw new ProtocolException("malformed Content-Length: " + printable(digits));
                    }
                    parsed = parsed * 10 + (c - '0');
                }
                if (length >= 0 && parsed != length) {
                    throw new ProtocolException("conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return length;
    }

    static boolean hasToken(Collection<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The start of a line for an error message, without control characters. */
    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(Math.min(40, line.length()));
        for (int i = 0; i < line.length() && sb.length() < 40; i++) {
            char c = line.charAt(i);
            sb.append(c < ' ' || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
