package io.github.conversations4j.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper the SDK uses: built on first use, shared by every client, thread-safe.
 *
 * <p>The generated models are read and written by {@link ModelJson}, which gives the same bytes and objects as this
 * mapper; the mapper is built only when {@link ModelJson} hands over (an unusual document, a coercion, an error to
 * report), so a call that needs none of that never pays for it.
 */
final class Json {
  private Json() {}

  /**
   * The mapper: tolerant on input (fields the models do not know are ignored; enums map unknown values to
   * {@code UNKNOWN_DEFAULT_OPEN_API} by themselves), strict and compact on output (null fields are left out).
   *
   * @return the shared mapper
   */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    // On ModelJson's factory: the same parser features and read limits on both paths.
    static final ObjectMapper MAPPER = JsonMapper.builder(ModelJson.factory())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }
}
