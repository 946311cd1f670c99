package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import feign.Request;
import feign.Response;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Spec;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link ModelCodec} against a default databind mapper (with the SDK's former settings: unknown
 * fields ignored, null fields left out), the reference a user of the generated models would compare with: every
 * model handled, every write byte-identical, and over many generated and mutated documents, every read either
 * equal to the mapper's or refused where the mapper refuses too.
 */
class ModelCodecTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    /** One model per schema of {@code openapi/conversations.yaml}: the list is the spec's, never kept here. */
    private static final List<Class<?>> MODELS = Inventories.modelNames(Spec.project()).stream()
            .<Class<?>>map(Inventories::model)
            .toList();

    private static final String[] STRINGS = {
        "",
        "a",
        "agent",
        "visitor",
        "bot",
        "123",
        "-5",
        "true",
        "null",
        "1.5",
        "Hello! How can I help you?",
        "\"quoted\"",
        "back\\slash",
        "tab\tnew\nline\rcr",
        "\u0000\u0001\u001f\u007f",
        "é日本語",
        "emoji \uD83D\uDE00 pair",
        "\u2028\u2029",
        "</script>",
        "a/b",
        " spaced ",
        "unknown_default_open_api",
        "document_not_found",
        "invalid_parameter",
        "missing_parameter",
        "unauthorized"
    };

    /**
     * Random instances per model in the two comparisons with the mapper: 1,500 (about 30 CPU seconds) unless the
     * build says fewer. {@code mvn -B verify} runs 300 of them; {@code -Pfull}, which CI runs, all 1,500.
     */
    private static final int INSTANCES = Integer.getInteger("conversations4j.modelCodec.instances", 1500);

    /** Field names mutations set: known ones of every kind, the older file names, and an unknown one. */
    private static final List<String> KEYS = List.of(
            "id",
            "type",
            "text",
            "createdAt",
            "isPushed",
            "file",
            "imageInfo",
            "width",
            "size",
            "code",
            "extra",
            "attachments",
            "to",
            "from",
            "source",
            "integrations",
            "name",
            "filename",
            "link",
            "url",
            "previewLink",
            "previewUrl",
            "isInline",
            "groupId",
            "forwardedToSourceStatus",
            "eventName",
            "message",
            "messages",
            "agents",
            "visitor",
            "contactAttributes",
            "lastVisit",
            "contactId");

    @Test
    void everyGeneratedModelIsHandled() throws URISyntaxException {
        File dir = new File(ConversationsMessage.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        File models = new File(dir, "io/github/conversations4j/model");
        TreeSet<String> found = new TreeSet<>();
        for (String name : Objects.requireNonNull(models.list())) {
            if (name.endsWith(".class")
                    && !name.contains("$")
                    && !name.equals("ApiResponse.class")
                    // a hand-written interface models implement, not a model
                    && !name.equals("HasCreatedAt.class")) {
                found.add(name.substring(0, name.length() - ".class".length()));
            }
        }
        TreeSet<String> listed = new TreeSet<>(Inventories.modelNames(Spec.project()));
        assertEquals(listed, found, "the spec's schemas and the generated models");
        for (Class<?> c : MODELS) {
            assertTrue(ModelCodec.handles(c), c.getSimpleName());
        }
        assertTrue(!ModelCodec.handles(String.class) && !ModelCodec.handles(Object.class));
    }

    @Test
    void writesExactlyWhatTheMapperWrites() throws Exception {
        Random random = new Random(20261125L);
        for (Class<?> c : MODELS) {
            for (int i = 0; i < INSTANCES; i++) {
                Object value = randomInstance(c, random, 0);
                byte[] expected = MAPPER.writeValueAsBytes(value);
                assertArrayEquals(
                        expected, ModelCodec.write(value), () -> new String(expected, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void readsWhatTheMapperReadsAndRefusesWhatItRefuses() throws Exception {
        Random random = new Random(4242L);
        int documents = 0;
        int refused = 0;
        for (Class<?> c : MODELS) {
            for (int i = 0; i < INSTANCES; i++) {
                byte[] valid = MAPPER.writeValueAsBytes(randomInstance(c, random, 0));
                assertEquals(MAPPER.readValue(valid, c), ModelCodec.read(valid, c));
                for (byte[] doc : mutations(valid, c, random)) {
                    for (Class<?> as : List.of(c, MODELS.get(random.nextInt(MODELS.size())))) {
                        documents++;
                        if (!agree(doc, as)) {
                            refused++;
                        }
                    }
                }
            }
        }
        // Not a timing: the share of odd documents both refuse, to show the comparison covers both outcomes.
        System.out.println("ModelCodec and the mapper both refused " + refused + " of " + documents
                + " mutated documents, and read the rest alike");
        assertTrue(refused > 0 && refused < documents, refused + " of " + documents);
    }

    @Test
    void fixedDocumentsReadAsTheMapperReadsThem() throws Exception {
        String[] docs = {
            "{\"createdAt\":\"1470222622433\"}",
            "{\"createdAt\":1.5}",
            "{\"createdAt\":1e3}",
            "{\"createdAt\":9223372036854775808}",
            "{\"isPushed\":1}",
            "{\"isPushed\":\"true\"}",
            "{\"text\":5}",
            "{\"text\":true}",
            "{\"text\":{}}",
            "{\"type\":5}",
            "{\"type\":null}",
            "{\"type\":\"\"}",
            "{\"file\":\"x\"}",
            "{\"file\":[]}",
            "[]",
            "\"\"",
            "5",
            "{\"id\":\"a\"",
            "{\"id\":\"a\"} trailing",
            "{\"id\":\"a\",\"id\":\"b\"}",
            "{\"file\":{\"imageInfo\":{\"width\":\"3\"}}}",
            "{\"file\":{\"imageInfo\":{\"width\":2147483648}}}",
            "  {\"id\" : \"a\" }  ",
            "{\"createdAt\":-0}",
            "{\"createdAt\":-9223372036854775808}",
            "null",
            "{\"type\":\"bot\",\"id\":\"m\",\"text\":\"from a newer server\",\"newField\":{\"a\":[1,{}]}}",
            "{\"isPushed\":\"True\"}",
            "{\"isPushed\":\"tRUE\"}",
            "{\"isPushed\":\"FALSE\"}",
            "{\"isPushed\":\"fAlse\"}",
            "{\"isPushed\":\"\"}",
            "{\"createdAt\":\" 12 \"}",
            "{\"createdAt\":\"null\"}",
        };
        for (String d : docs) {
            for (Class<?> c : MODELS) {
                agree(d.getBytes(StandardCharsets.UTF_8), c);
            }
        }
        ConversationsMessage m = (ConversationsMessage)
                decode("{\"id\":\"x\",\"createdAt\":\"17\",\"isPushed\":1," + "\"type\":\"bot\",\"unknown\":[1]}");
        assertEquals(17L, m.getCreatedAt());
        assertEquals(Boolean.TRUE, m.getIsPushed());
        assertEquals(ConversationsMessage.TypeEnum.UNKNOWN_DEFAULT_OPEN_API, m.getType());
    }

    @Test
    void aRefusalNamesTheFieldAndIsADecodeFailure() {
        JacksonCodec.DecodeFailure e = assertThrows(
                JacksonCodec.DecodeFailure.class, () -> decode("{\"id\":\"x\",\"file\":{\"size\":\"big\"}}"));
        assertTrue(e.getMessage().contains("ConversationsMessageFile.size"), e.getMessage());
    }

    @Test
    void errorBodiesGiveCodeAndMessage() {
        String[][] cases = {
            {"{\"code\":\"unauthorized\",\"message\":\"Key not found\"}", "unauthorized", "Key not found"},
            {"{\"message\":\"m\"}", null, "m"},
            {"{\"code\":null}", null, null},
            {"{\"code\":5,\"message\":1.50}", "5", "1.50"},
            {"{\"code\":{\"a\":[1,2]}}", "{\"a\":[1,2]}", null},
            {"{\"code\":[\"x\"]}", "[\"x\"]", null},
            {"{\"code\":true,\"message\":false}", "true", "false"},
            {"{\"code\":\"a\",\"code\":\"b\"}", "b", null},
            {"{\"code\":\"a\"", null, null},
            {"{\"x\":{\"code\":\"nested\"},\"message\":\"top\"}", null, "top"},
            {"{}", null, null},
            {"{\"message\":\"\\u00e9\\n\"}", null, "\u00e9\n"},
            {"<html>502</html>", null, null},
            {"", null, null},
        };
        for (String[] c : cases) {
            assertArrayEquals(
                    new String[] {c[1], c[2]},
                    ExceptionMapper.codeAndMessage(c[0].getBytes(StandardCharsets.UTF_8)),
                    c[0]);
        }
    }

    /** Whether both read the document (alike), false when both refuse it; fails when only one of them reads it. */
    private static boolean agree(byte[] doc, Class<?> type) {
        Object expected;
        Exception mapperFailure = null;
        try {
            expected = MAPPER.readValue(doc, type);
        } catch (Exception e) {
            expected = null;
            mapperFailure = e;
        }
        Object actual;
        try {
            actual = ModelCodec.read(doc, type);
        } catch (Exception e) {
            if (mapperFailure == null) {
                throw new AssertionError(
                        "ModelCodec refused what the mapper reads (" + e.getMessage() + "): "
                                + new String(doc, StandardCharsets.UTF_8),
                        e);
            }
            return false;
        }
        if (mapperFailure != null) {
            throw new AssertionError(
                    "ModelCodec read what the mapper refuses (" + mapperFailure.getMessage() + "): "
                            + new String(doc, StandardCharsets.UTF_8),
                    mapperFailure);
        }
        Object e = expected;
        assertEquals(e, actual, () -> type.getSimpleName() + " from " + new String(doc, StandardCharsets.UTF_8));
        return true;
    }

    private static List<byte[]> mutations(byte[] valid, Class<?> type, Random random) throws Exception {
        List<byte[]> out = new ArrayList<>();
        String text = new String(valid, StandardCharsets.UTF_8);
        ObjectNode tree = (ObjectNode) MAPPER.readTree(valid);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        for (int i = 0; i < 4; i++) {
            ObjectNode copy = tree.deepCopy();
            String key = !names.isEmpty() && random.nextBoolean()
                    ? names.get(random.nextInt(names.size()))
                    : KEYS.get(random.nextInt(KEYS.size()));
            if (random.nextInt(5) == 0) {
                copy.remove(key);
            } else {
                copy.set(key, randomJson(random, 0));
            }
            out.add(MAPPER.writeValueAsBytes(copy));
        }
        out.add(text.substring(0, random.nextInt(text.length() + 1)).getBytes(StandardCharsets.UTF_8));
        if (!names.isEmpty()) {
            String dup = "\"" + names.get(random.nextInt(names.size())) + "\":" + randomJson(random, 0);
            out.add((text.substring(0, text.length() - 1) + (names.isEmpty() ? "" : ",") + dup + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.add((" \n" + text + " \t").getBytes(StandardCharsets.UTF_8));
        out.add(("[" + text + "]").getBytes(StandardCharsets.UTF_8));
        out.add((text + "{").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static JsonNode randomJson(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0:
                return f.nullNode();
            case 1:
                return f.booleanNode(random.nextBoolean());
            case 2:
                return f.numberNode(List.of(
                                0L,
                                1L,
                                -1L,
                                42L,
                                1470222622433L,
                                Long.MAX_VALUE,
                                Long.MIN_VALUE,
                                (long) Integer.MAX_VALUE + 1)
                        .get(random.nextInt(8)));
            case 3:
                return f.numberNode(List.of(
                                BigInteger.ONE.shiftLeft(63),
                                BigInteger.ONE.shiftLeft(64).negate())
                        .get(random.nextInt(2)));
            case 4:
                return f.numberNode(List.of(1.5, -0.0, 1e3, 1e300, 0.1).get(random.nextInt(5)));
            case 5:
                return f.numberNode(random.nextInt());
            case 6:
            case 7:
            case 8:
                return f.textNode(randomString(random));
            case 9: {
                ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomJson(random, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = f.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.set(
                            List.of(
                                            "id",
                                            "url",
                                            "width",
                                            "isImage",
                                            "imageInfo",
                                            "z",
                                            "name",
                                            "filename",
                                            "previewUrl",
                                            "previewLink",
                                            "email")
                                    .get(random.nextInt(11)),
                            randomJson(random, depth + 1));
                }
                return o;
            }
        }
    }

    private static ObjectNode randomObject(Random random) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            o.set(List.of("EMAIL", "SMS", "FIRSTNAME", "plan", "n").get(random.nextInt(5)), randomJson(random, 1));
        }
        return o;
    }

    /** A model with random values (and nulls) through its annotated setters, nested models included. */
    private static Object randomInstance(Class<?> type, Random random, int depth) throws Exception {
        Object o = type.getConstructor().newInstance();
        for (Method m : type.getMethods()) {
            if (m.getAnnotation(JsonProperty.class) == null || m.getParameterCount() != 1 || random.nextInt(6) == 0) {
                continue;
            }
            Class<?> t = m.getParameterTypes()[0];
            Object v;
            if (t == String.class) {
                v = randomString(random);
            } else if (t == Long.class) {
                v = List.of(0L, -1L, 1470222622433L, Long.MAX_VALUE, Long.MIN_VALUE, (long) random.nextInt())
                        .get(random.nextInt(6));
            } else if (t == Integer.class) {
                v = random.nextInt();
            } else if (t == Boolean.class) {
                v = random.nextBoolean();
            } else if (t.isEnum()) {
                Object[] constants = t.getEnumConstants();
                v = constants[random.nextInt(constants.length)];
            } else if (t == List.class) {
                Class<?> item =
                        (Class<?>) ((ParameterizedType) m.getGenericParameterTypes()[0]).getActualTypeArguments()[0];
                List<Object> list = new ArrayList<>();
                for (int i = depth < 3 ? random.nextInt(3) : 0; i > 0; i--) {
                    list.add(random.nextInt(8) == 0 ? null : randomInstance(item, random, depth + 1));
                }
                v = list;
            } else if (t == Map.class) {
                v = MAPPER.treeToValue(randomObject(random), Map.class);
            } else if (t == Object.class) {
                v = MAPPER.treeToValue(randomJson(random, 1), Object.class);
            } else if (depth < 3) {
                v = randomInstance(t, random, depth + 1);
            } else {
                v = null;
            }
            m.invoke(o, v);
        }
        return o;
    }

    private static String randomString(Random random) {
        if (random.nextInt(4) == 0) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                int kind = random.nextInt(10);
                sb.append(
                        kind == 0
                                ? (char) random.nextInt(0x20)
                                : kind == 1
                                        ? (char) (0xa0 + random.nextInt(0x2000))
                                        : kind == 2
                                                ? "\uD83D\uDCE6"
                                                : String.valueOf((char) (0x20 + random.nextInt(0x5f))));
            }
            return sb.toString();
        }
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    private static Object decode(String json) throws Exception {
        return new JacksonCodec().decode(response(json), ConversationsMessage.class);
    }

    private static Response response(String json) {
        Request request = Request.create(
                Request.HttpMethod.GET, "http://localhost/x", Map.of(), null, StandardCharsets.UTF_8, null);
        return Response.builder()
                .status(200)
                .request(request)
                .headers(Map.of())
                .body(json, StandardCharsets.UTF_8)
                .build();
    }

    /** Has a public getter Jackson detects without an annotation. */
}
