package io.github.conversations4j.webhooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.conversations4j.internal.Clients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Reads a known event whose strict reading failed, leaving out each field of an unexpected shape and naming it.
 *
 * <p>It works on the body's tree and asks the SDK's own codec, one field at a time, whether a piece reads: a field
 * that does not read even when its value is emptied (an array where an object was expected, text where a number
 * was) is left out; a field whose emptied value reads (an object, an array) is looked into, so that only the odd
 * part of it goes. Each probe reads a document holding nothing but the path to the piece, so the work is small and
 * happens only for a body the strict reading refused. Problems are named by their JSON path
 * ({@code visitor.lastVisit.viewedPages[0]}), never by their value.
 */
final class LenientReader {
    /** jackson-core only: the tree is maps, lists, strings, booleans, {@link Num} and null (no jackson-databind). */
    private static final JsonFactory JSON = new JsonFactory();
    /** More problems than this in one event is no longer an odd field but a different format: refused. */
    static final int MAX_PROBLEMS = 50;

    private final Class<?> type;
    private final List<String> problems = new ArrayList<>();

    private LenientReader(Class<?> type) {
        this.type = type;
    }

    /**
     * Reads the body as {@code type}, leaving out what does not read.
     *
     * @param event makes the event of the model and the paths of the fields left out
     * @throws IOException when even the cleaned body does not read (or holds too many problems)
     */
    static <T, E> E read(byte[] body, Class<T> type, BiFunction<T, List<String>, E> event) throws IOException {
        Object root;
        try (JsonParser p = JSON.createParser(body)) {
            root = p.nextToken() == null ? null : tree(p);
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value in the body");
            }
        }
        if (!(root instanceof Map)) {
            throw new IOException("the body is not a JSON object");
        }
        LenientReader reader = new LenientReader(type);
        reader.clean(object(root), "", UnaryOperator.identity());
        return event.apply(Clients.readModel(write(root), type), List.copyOf(reader.problems));
    }

    /** A JSON number, kept as written. */
    private record Num(String text) {}

    /** The value at the parser's current token, as a tree. */
    private static Object tree(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, tree(p));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(tree(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + p.currentToken());
        };
    }

    private static byte[] write(Object tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, tree);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Num n) {
            g.writeNumber(n.text());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString((String) v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object v) {
        return (List<Object>) v;
    }

    /** Whether the root document {@code doc} reads as the model. */
    private boolean reads(Object doc) throws IOException {
        try {
            Clients.readModel(write(doc), type);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Cleans an object in place.
     *
     * @param node the object
     * @param path its JSON path ("" for the root)
     * @param wrap makes the root document that holds only the path to this object, with the given value in its place
     */
    private void clean(Map<String, Object> node, String path, UnaryOperator<Object> wrap) throws IOException {
        if (reads(wrap.apply(node))) {
            return;
        }
        for (Map.Entry<String, Object> field : new ArrayList<>(node.entrySet())) {
            String name = field.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            if (!keep(field.getValue(), at, v -> wrap.apply(Collections.singletonMap(name, v)))) {
                node.remove(name);
            }
        }
    }

    /** Cleans an array in place: an element of an unexpected shape is left out. */
    private void clean(List<Object> node, String path, UnaryOperator<Object> wrap) throws IOException {
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (keep(node.get(i), path + "[" + i + "]", v -> wrap.apply(Collections.singletonList(v)))) {
                kept.add(node.get(i));
            }
        }
        node.clear();
        node.addAll(kept);
    }

    /**
     * Whether a field or an element stays: as it is when it reads; cleaned when it is an object or an array that reads
     * emptied; else it is a problem, left out.
     *
     * @param wrap makes the root document that holds only the path to this value, with the given value in its place
     */
    private boolean keep(Object value, String at, UnaryOperator<Object> wrap) throws IOException {
        if (reads(wrap.apply(value))) {
            return true;
        }
        if (value instanceof Map && reads(wrap.apply(new LinkedHashMap<>()))) {
            clean(object(value), at, wrap);
        } else if (value instanceof List && reads(wrap.apply(new ArrayList<>()))) {
            clean(array(value), at, wrap);
        } else {
            problem(at);
            return false;
        }
        return true;
    }

    private void problem(String path) throws IOException {
        problems.add(path);
        if (problems.size() > MAX_PROBLEMS) {
            throw new IOException("more than " + MAX_PROBLEMS + " fields of an unexpected shape");
        }
    }
}
