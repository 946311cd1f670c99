package io.github.conversations4j.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson mapper the SDK uses: built once, shared by every client, thread-safe. */
public final class Json {
  private Json() {}

  /**
   * Tolerant on input (fields the models do not know are ignored; enums map unknown values to
   * {@code UNKNOWN_DEFAULT_OPEN_API} by themselves), strict and compact on output (null fields are left out).
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .defaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();
}
