package io.github.conversations4j.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** The JSON type of a nested value, kept as a marker: the sandbox checks only top-level fields. */
    enum Nested {
        OBJECT,
        ARRAY
    }

    /**
     * Reads a body that must be one JSON object, with no duplicate field (at any depth) and nothing after it.
     *
     * @return its fields in order: a {@link String}, {@link Boolean}, {@link Number}, {@code null} for JSON null, or
     *     a {@link Nested} marker for an object or an array (whose content is checked for well-formedness only)
     * @throws IOException when the body is not well-formed JSON
     * @throws IllegalArgumentException when it is well-formed but not an object
     */
    static Map<String, Object> readObject(byte[] body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                skipValue(p);
                requireEnd(p);
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                fields.put(name, scalarOrMarker(p, v));
            }
            requireEnd(p);
            return fields;
        }
    }

    private static Object scalarOrMarker(JsonParser p, JsonToken v) throws IOException {
        switch (v) {
            case START_OBJECT:
                p.skipChildren();
                return Nested.OBJECT;
            case START_ARRAY:
                p.skipChildren();
                return Nested.ARRAY;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + v);
        }
    }

    private static void skipValue(JsonParser p) throws IOException {
        if (p.currentToken() == null) {
            throw new IOException("no JSON value");
        }
        p.skipChildren();
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("more than one JSON value");
        }
    }

    /**
     * The JSON type of a value {@link #readObject} returned, as a word for a message.
     *
     * @return {@code string}, {@code number}, {@code boolean}, {@code object}, {@code array} or {@code null}
     */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Nested) {
            return value == Nested.OBJECT ? "object" : "array";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value instanceof Number ? "number" : "string";
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
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
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
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
        }
    }
}
