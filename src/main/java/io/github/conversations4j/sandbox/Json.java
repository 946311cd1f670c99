package io.github.conversations4j.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's JSON, with jackson-core's streaming parser and generator only (no jackson-databind): a request body
 * read as its top-level fields, and replies and webhook events written from maps and lists.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /**
     * Reads a body that must be one JSON object, with no duplicate field (at any depth) and nothing after it.
     *
     * @return its fields in order: a {@link String}, {@code null} for JSON null, or for any other value its first
     *     {@link JsonToken} (the sandbox checks only top-level strings; nested values are checked for
     *     well-formedness only)
     * @throws IOException when the body is not well-formed JSON
     * @throws IllegalArgumentException when it is well-formed but not an object
     */
    static Map<String, Object> readObject(byte[] body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            boolean object = p.nextToken() == JsonToken.START_OBJECT;
            Map<String, Object> fields = new LinkedHashMap<>();
            while (object && p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                p.skipChildren();
                fields.put(
                        name,
                        value == JsonToken.VALUE_STRING ? p.getText() : value == JsonToken.VALUE_NULL ? null : value);
            }
            if (p.currentToken() == null) {
                throw new IOException("no JSON value");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            if (!object) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return fields;
        }
    }

    /**
     * The JSON type of a value {@link #readObject} returned, as a word for a message.
     *
     * @return {@code string}, {@code number}, {@code boolean}, {@code object}, {@code array} or {@code null}
     */
    static String typeName(Object value) {
        if (!(value instanceof JsonToken token)) {
            return value == null ? "null" : "string";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> "number";
        };
    }

    /**
     * Writes a value: a {@link Map} with string keys as an object (in its order), a {@link List} as an array, a
     * string, number, boolean or {@code null}.
     */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // to memory: cannot happen
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeObject(value); // without a codec (databind), jackson-core writes null, strings, numbers, booleans
        }
    }
}
