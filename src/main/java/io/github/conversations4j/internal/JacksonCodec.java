package io.github.conversations4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import feign.RequestTemplate;
import feign.Response;
import feign.codec.Decoder;
import feign.codec.EncodeException;
import feign.codec.Encoder;
import io.github.conversations4j.BrevoDecodeException;
import io.github.conversations4j.model.ApiResponse;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes request bodies and decodes success responses with the shared {@link Json#MAPPER}.
 *
 * <p>Handles the {@code *WithHttpInfo} variants ({@link ApiResponse}) itself, including the 201 and 204 empty
 * bodies. A body that cannot be decoded becomes a {@link DecodeFailure}, and then a {@link BrevoDecodeException}
 * carrying a bounded copy of it.
 */
public final class JacksonCodec implements Encoder, Decoder {
  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

  /**
   * Creates the codec.
   *
   * @param mapper the mapper to use
   */
  public JacksonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
    this.writer = mapper.writer();
  }

  @Override
  public void encode(Object object, Type bodyType, RequestTemplate template) {
    try {
      template.body(writer.writeValueAsBytes(object), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new EncodeException("Cannot encode " + bodyType.getTypeName() + " as JSON", e);
    }
  }

  @Override
  public Object decode(Response response, Type type) throws IOException {
    if (type instanceof ParameterizedType
        && ((ParameterizedType) type).getRawType() == ApiResponse.class) {
      Type dataType = ((ParameterizedType) type).getActualTypeArguments()[0];
      Object data = decodeBody(response, dataType);
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
    ObjectReader reader = readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.constructType(t)));
    JavaType javaType = reader.getValueType();
    if (body.truncated()) {
      throw failure(response, "body larger than " + Bodies.MAX_SUCCESS_BODY + " bytes where "
          + describe(javaType) + " was expected", body, null);
    }
    if (body.bytes().length == 0) {
      throw failure(response, "empty body where " + describe(javaType) + " was expected", body, null);
    }
    try {
      Object value = reader.readValue(body.bytes());
      if (value == null) {
        throw failure(response, "JSON null where " + describe(javaType) + " was expected", body, null);
      }
      return value;
    } catch (IOException e) {
      throw failure(response, "body is not " + describe(javaType) + " JSON: "
          + firstLine(e.getMessage()), body, e);
    }
  }

  private static DecodeFailure failure(
      Response response, String problem, Bodies.Bounded body, Throwable cause) {
    String raw = body.bytes().length > Bodies.MAX_ERROR_BODY
        ? new String(body.bytes(), 0, Bodies.MAX_ERROR_BODY, StandardCharsets.UTF_8)
        : body.text();
    return new DecodeFailure(response.status(), problem, raw, cause);
  }

  /**
   * A success response whose body could not be decoded; the invocation handler turns it into a
   * {@link io.github.conversations4j.BrevoDecodeException} once it knows how many attempts the call took.
   */
  public static final class DecodeFailure extends RuntimeException {
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
      return new BrevoDecodeException(status, operation.requestLine(), problem, rawBody, getCause(), attempts);
    }
  }

  private static String describe(JavaType type) {
    return "a " + type.getRawClass().getSimpleName();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
