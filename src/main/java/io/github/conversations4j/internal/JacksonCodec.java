package io.github.conversations4j.internal;

import feign.RequestTemplate;
import feign.Response;
import feign.codec.Decoder;
import feign.codec.EncodeException;
import feign.codec.Encoder;
import io.github.conversations4j.errors.BrevoDecodeException;
import io.github.conversations4j.model.ApiResponse;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Encodes request bodies and decodes success responses with {@link ModelCodec}, the streaming codec generated from
 * the spec: no databind mapper is built, on any path.
 *
 * <p>Handles the {@code *WithHttpInfo} variants ({@link ApiResponse}) itself, including the 201 and 204 empty
 * bodies. A body that cannot be decoded becomes a {@link DecodeFailure}, and then a {@link BrevoDecodeException}
 * carrying a bounded copy of it.
 */
final class JacksonCodec implements Encoder, Decoder {
    @Override
    public void encode(Object object, Type bodyType, RequestTemplate template) {
        if (!ModelCodec.writes(object)) {
            throw new EncodeException("Cannot encode a " + object.getClass().getName() + ": not a model of the spec");
        }
        try {
            template.body(ModelCodec.write(object), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new EncodeException("Cannot encode " + bodyType.getTypeName() + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Object decode(Response response, Type type) throws IOException {
        if (type instanceof ParameterizedType p && p.getRawType() == ApiResponse.class) {
            Object data = decodeBody(response, p.getActualTypeArguments()[0]);
            return new ApiResponse<>(response.status(), response.headers(), data);
        }
        return decodeBody(response, type);
    }

    private Object decodeBody(Response response, Type type) throws IOException {
        if (type == Void.class || type == void.class) {
            if (response.body() != null) {
                response.body().close();
            }
            return null;
        }
        Bodies.Bounded body = Bodies.read(response.body(), Bodies.MAX_SUCCESS_BODY);
        if (body.truncated()) {
            throw failure(
                    response,
                    "body larger than " + Bodies.MAX_SUCCESS_BODY + " bytes where " + describe(type) + " was expected",
                    body,
                    null);
        }
        if (body.bytes().length == 0) {
            throw failure(response, "empty body where " + describe(type) + " was expected", body, null);
        }
        if (!(type instanceof Class) || !ModelCodec.handles((Class<?>) type)) {
            throw failure(response, describe(type) + " is not a model of the spec", body, null);
        }
        Object value;
        try {
            value = ModelCodec.read(body.bytes(), (Class<?>) type);
        } catch (IOException e) {
            throw failure(response, "body is not " + describe(type) + " JSON: " + firstLine(e.getMessage()), body, e);
        }
        if (value == null) {
            throw failure(response, "JSON null where " + describe(type) + " was expected", body, null);
        }
        return value;
    }

    private static DecodeFailure failure(Response response, String problem, Bodies.Bounded body, Throwable cause) {
        String raw = body.bytes().length > Bodies.MAX_ERROR_BODY
                ? new String(body.bytes(), 0, Bodies.MAX_ERROR_BODY, StandardCharsets.UTF_8)
                : body.text();
        return new DecodeFailure(response.status(), problem, raw, cause);
    }

    /**
     * A success response whose body could not be decoded; the invocation handler turns it into a
     * {@link io.github.conversations4j.errors.BrevoDecodeException} once it knows how many attempts the call took.
     */
    static final class DecodeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String problem;
        private final String rawBody;

        DecodeFailure(int status, String problem, String rawBody, Throwable cause) {
            super(problem, cause, false, false);
            this.status = status;
            this.problem = problem;
            this.rawBody = rawBody;
        }

        /**
         * The public exception for this failure.
         *
         * @param operation the operation called
         * @param attempts how many requests the call made
         * @return the exception to throw
         */
        public BrevoDecodeException toException(Operation operation, int attempts) {
            return ErrorFactory.get().decode(status, operation.requestLine(), problem, rawBody, getCause(), attempts);
        }
    }

    private static String describe(Type type) {
        Type raw = type instanceof ParameterizedType ? ((ParameterizedType) type).getRawType() : type;
        return "a " + (raw instanceof Class ? ((Class<?>) raw).getSimpleName() : raw.getTypeName());
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("");
    }
}
