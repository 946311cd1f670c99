package io.github.conversations4j.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.conversations4j.model.*;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: the reference mapper and reflective access to the package-private ModelCodec. */
final class CodecDiffProbe {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    static final List<Class<?>> MODELS = List.of(
            Body8.class,
            Body9.class,
            Body10.class,
            Body11.class,
            Body12.class,
            ConversationsMessage.class,
            ConversationsMessageFile.class,
            ConversationsMessageFileImageInfo.class,
            ErrorModel.class);
    private static final Method READ;
    private static final Method WRITE;

    static {
        try {
            Class<?> c = Class.forName("io.github.conversations4j.internal.ModelCodec");
            READ = c.getDeclaredMethod("read", byte[].class, Class.class);
            WRITE = c.getDeclaredMethod("write", Object.class);
            READ.setAccessible(true);
            WRITE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CodecDiffProbe() {}

    static Object codecRead(byte[] doc, Class<?> type) throws Throwable {
        try {
            return READ.invoke(null, doc, type);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static byte[] codecWrite(Object value) throws Throwable {
        try {
            return (byte[]) WRITE.invoke(null, value);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "OK <value>" or "ERR <exception class>" for the mapper. */
    static String mapper(byte[] doc, Class<?> type) {
        try {
            return "OK " + MAPPER.readValue(doc, type);
        } catch (Throwable e) {
            return "ERR " + e.getClass().getSimpleName();
        }
    }

    static String codec(byte[] doc, Class<?> type) {
        try {
            return "OK " + codecRead(doc, type);
        } catch (Throwable e) {
            return "ERR " + e.getClass().getSimpleName();
        }
    }

    /** Describes every (document, model) where one reads and the other refuses, or both read differently. */
    static List<String> differences(byte[] doc, Class<?> type) {
        List<String> out = new ArrayList<>();
        String m = mapper(doc, type);
        String c = codec(doc, type);
        boolean same = m.startsWith("ERR") ? c.startsWith("ERR") : m.equals(c);
        if (!same) {
            out.add(type.getSimpleName() + " " + show(doc) + "\n   mapper: " + oneLine(m) + "\n   codec:  "
                    + oneLine(c));
        }
        return out;
    }

    static String show(byte[] doc) {
        String s = new String(doc, StandardCharsets.UTF_8);
        return s.length() > 120 ? s.substring(0, 120) + "...(" + doc.length + " bytes)" : s;
    }

    static String oneLine(String s) {
        s = s.replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
