package io.github.conversations4j.internal;

import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * An error response, captured by Feign's error decoder and turned into the public exception by the invocation
 * handler, which alone knows how many attempts the call took. Never escapes the SDK.
 */
final class ErrorResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Collection<String>> headers;
    private final transient Bodies.Bounded body;

    private ErrorResponse(int status, Map<String, Collection<String>> headers, Bodies.Bounded body) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Map<String, Collection<String>> headers() {
        return headers;
    }

    /** The body, read up to {@link Bodies#MAX_ERROR_BODY}. */
    public Bodies.Bounded body() {
        return body;
    }

    /** Feign's {@link ErrorDecoder}: reads at most {@link Bodies#MAX_ERROR_BODY}. */
    static ErrorResponse decode(String methodKey, Response response) {
        Bodies.Bounded body;
        try {
            body = Bodies.read(response.body(), Bodies.MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new Bodies.Bounded(new byte[0], true);
        }
        return new ErrorResponse(response.status(), response.headers(), body);
    }
}
