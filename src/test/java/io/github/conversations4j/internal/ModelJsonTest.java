package io.github.conversations4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import io.github.conversations4j.model.Body10;
import io.github.conversations4j.model.Body11;
import io.github.conversations4j.model.Body12;
import io.github.conversations4j.model.Body8;
import io.github.conversations4j.model.Body9;
import io.github.conversations4j.model.ConversationsMessage;
import io.github.conversations4j.model.ConversationsMessageFile;
import io.github.conversations4j.model.ConversationsMessageFileImageInfo;
import io.github.conversations4j.model.ErrorModel;
import java.io.File;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelJson} against the mapper it stands in for: every model bound, every write byte-identical, every read it
 * accepts equal to the mapper's, over many generated and mutated documents. When the two would differ, ModelJson
 * must hand over ({@link ModelJson#NOT_HANDLED}), never answer differently.
 */
class ModelJsonTest {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final List<Class<?>> MODELS = List.of(Body8.class, Body9.class, Body10.class, Body11.class,
      Body12.class, ConversationsMessage.class, ConversationsMessageFile.class,
      ConversationsMessageFileImageInfo.class, ErrorModel.class);
  private static final String[] STRINGS = {"", "a", "agent", "visitor", "bot", "123", "-5", "true", "null", "1.5",
      "Hello! How can I help you?", "\"quoted\"", "back\\slash", "tab\tnew\nline\rcr", "\u0000\u0001\u001f\u007f",
      "é日本語", "emoji \uD83D\uDE00 pair", "\u2028\u2029", "</script>", "a/b", " spaced ", "unknown_default_open_api",
      "document_not_found", "invalid_parameter", "missing_parameter", "unauthorized"};

  @Test
  void everyGeneratedModelIsBound() throws URISyntaxException {
    // The model package as generated, so that a new model whose shape ModelJson cannot reproduce shows up here
    // (it would work, through the mapper, but every call would pay for the mapper again).
    File dir = new File(ConversationsMessage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    File models = new File(dir, "io/github/conversations4j/model");
    TreeSet<String> found = new TreeSet<>();
    for (String name : Objects.requireNonNull(models.list())) {
      if (name.endsWith(".class") && !name.contains("$") && !name.equals("ApiResponse.class")) {
        found.add(name.substring(0, name.length() - ".class".length()));
      }
    }
    TreeSet<String> listed = new TreeSet<>();
    MODELS.forEach(c -> listed.add(c.getSimpleName()));
    assertEquals(listed, found, "the models this test covers");
    for (Class<?> c : MODELS) {
      assertNull(ModelJson.whyNotBound(c), c.getSimpleName());
    }
  }

  @Test
  void writesExactlyWhatTheMapperWrites() throws Exception {
    Random random = new Random(20261125L);
    for (Class<?> c : MODELS) {
      for (int i = 0; i < 1500; i++) {
        Object value = randomInstance(c, random, 0);
        Object fast = ModelJson.write(value);
        byte[] expected = MAPPER.writeValueAsBytes(value);
        assertNotSame(ModelJson.NOT_HANDLED, fast, () -> "a valid model was handed over: " + value);
        assertArrayEquals(expected, (byte[]) fast, () -> new String(expected, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aLoneSurrogateIsWrittenExactlyAsTheMapperWritesIt() throws Exception {
    Body8 body = new Body8().text("broken \uD83D end").visitorId("v");
    Object fast = ModelJson.write(body);
    byte[] expected;
    try {
      expected = MAPPER.writeValueAsBytes(body);
    } catch (Exception e) {
      assertSame(ModelJson.NOT_HANDLED, fast, "the mapper refuses it, so ModelJson must hand it over");
      return;
    }
    assertNotSame(ModelJson.NOT_HANDLED, fast);
    assertArrayEquals(expected, (byte[]) fast);
  }

  @Test
  void readsExactlyWhatTheMapperReadsOrHandsOver() throws Exception {
    Random random = new Random(4242L);
    int documents = 0;
    int handled = 0;
    for (Class<?> c : MODELS) {
      for (int i = 0; i < 1500; i++) {
        byte[] valid = MAPPER.writeValueAsBytes(randomInstance(c, random, 0));
        Object plain = ModelJson.read(valid, c);
        assertNotSame(ModelJson.NOT_HANDLED, plain, () -> "a valid document was handed over: "
            + new String(valid, StandardCharsets.UTF_8));
        assertEquals(MAPPER.readValue(valid, c), plain);
        for (byte[] doc : mutations(valid, c, random)) {
          for (Class<?> as : List.of(c, MODELS.get(random.nextInt(MODELS.size())))) {
            documents++;
            if (agree(doc, as)) {
              handled++;
            }
          }
        }
      }
    }
    // Not a timing: the share of odd documents read without the mapper, to show the comparison is not vacuous.
    System.out.println("ModelJson read " + handled + " of " + documents + " mutated documents itself");
    assertTrue(handled > documents / 4, handled + " of " + documents);
    assertTrue(handled < documents, "some documents must need the mapper: " + handled + " of " + documents);
  }

  @Test
  void fixedDocumentsThatNeedTheMapper() throws Exception {
    String[] docs = {
      "{\"createdAt\":\"1470222622433\"}", "{\"createdAt\":1.5}", "{\"createdAt\":1e3}",
      "{\"createdAt\":9223372036854775808}", "{\"isPushed\":1}", "{\"isPushed\":\"true\"}", "{\"text\":5}",
      "{\"text\":true}", "{\"text\":{}}", "{\"type\":5}", "{\"type\":null}", "{\"type\":\"\"}", "{\"file\":\"x\"}",
      "{\"file\":[]}", "[]", "\"\"", "5", "{\"id\":\"a\"", "{\"id\":\"a\"} trailing", "{\"id\":\"a\",\"id\":\"b\"}",
      "{\"file\":{\"imageInfo\":{\"width\":\"3\"}}}", "{\"file\":{\"imageInfo\":{\"width\":2147483648}}}",
      "  {\"id\" : \"a\" }  ", "{\"createdAt\":-0}", "{\"createdAt\":-9223372036854775808}", "null",
    };
    for (String d : docs) {
      for (Class<?> c : MODELS) {
        agree(d.getBytes(StandardCharsets.UTF_8), c);
      }
    }
    // These need a coercion or are not an object: ModelJson must hand them over, not guess.
    for (String d : new String[] {"{\"createdAt\":\"1470222622433\"}", "{\"createdAt\":1.5}",
        "{\"isPushed\":1}", "{\"text\":5}", "{\"type\":5}", "{\"file\":\"x\"}", "[]", "5", "{\"id\":\"a\"",
        "{\"createdAt\":9223372036854775808}"}) {
      assertSame(ModelJson.NOT_HANDLED, ModelJson.read(d.getBytes(StandardCharsets.UTF_8), ConversationsMessage.class),
          d);
    }
    // And through the codec: the mapper's coercions still apply where ModelJson hands over.
    ConversationsMessage m = (ConversationsMessage) decode("{\"id\":\"x\",\"createdAt\":\"17\",\"isPushed\":1}");
    assertEquals(17L, m.getCreatedAt());
    assertEquals(Boolean.TRUE, m.getIsPushed());
  }

  @Test
  void errorBodiesReadAsTheTreeReadsThem() {
    Random random = new Random(7L);
    List<String> docs = new ArrayList<>(List.of("{\"code\":\"unauthorized\",\"message\":\"Key not found\"}",
        "{\"message\":\"m\"}", "{\"code\":null}", "{\"code\":5,\"message\":1.50}", "{\"code\":{\"a\":[1,2]}}",
        "{\"code\":[\"x\"]}", "{\"code\":true,\"message\":false}", "{\"code\":\"a\",\"code\":\"b\"}",
        "{\"code\":\"a\"", "{\"x\":{\"code\":\"nested\"},\"message\":\"top\"}", "{}", "{\"code\":\"a\"} tail",
        "{\"message\":\"\\u00e9\\n\"}", "{\"code\":1e400}", "{\"code\":-0}"));
    for (int i = 0; i < 3000; i++) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      for (String key : List.of("code", "message", "other")) {
        if (random.nextInt(3) > 0) {
          node.set(key, randomJson(random, 0));
        }
      }
      String s = node.toString();
      docs.add(s);
      docs.add(s.substring(0, random.nextInt(s.length() + 1)));
    }
    List<byte[]> bodies = new ArrayList<>();
    for (String d : docs) {
      bodies.add(d.getBytes(StandardCharsets.UTF_8));
    }
    // What a parser can refuse inside a field that is not read: a UTF-8-encoded surrogate (ED A0 80), overlong
    // and out-of-range sequences, a number past the length limit, each at the top level and nested.
    String big = "9".repeat(1200);
    for (String bad : new String[] {"\u00ed\u00a0\u0080", "\u00c0\u00af", "\u00f4\u0090\u0080\u0080", "\u00ff"}) {
      byte[] raw = bad.getBytes(StandardCharsets.ISO_8859_1);
      for (String[] around : new String[][] {{"{\"code\":\"a\",\"message\":\"b\",\"x\":\"", "\"}"},
          {"{\"code\":\"a\",\"x\":{\"y\":[\"", "\"]},\"message\":\"b\"}"}}) {
        byte[] head = around[0].getBytes(StandardCharsets.UTF_8);
        byte[] tail = around[1].getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(raw, 0, b, head.length, raw.length);
        System.arraycopy(tail, 0, b, head.length + raw.length, tail.length);
        bodies.add(b);
      }
    }
    bodies.add(("{\"code\":\"a\",\"x\":" + big + ",\"message\":\"b\"}").getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"code\":\"a\",\"x\":[1." + big + "],\"message\":\"b\"}").getBytes(StandardCharsets.UTF_8));
    int fast = 0;
    for (byte[] b : bodies) {
      String d = new String(b, StandardCharsets.ISO_8859_1);
      String[] quick = ModelJson.readError(b);
      if (quick != null) {
        fast++;
        assertArrayEquals(ExceptionMapper.codeAndMessageFromTree(b), quick, d);
      }
      assertArrayEquals(ExceptionMapper.codeAndMessageFromTree(b), ExceptionMapper.codeAndMessage(b), d);
    }
    assertTrue(fast > bodies.size() / 4, fast + " of " + bodies.size());
  }

  @Test
  void shapesItCannotReproduceAreLeftToTheMapper() throws Exception {
    assertNotNull(ModelJson.whyNotBound(Unannotated.class));
    assertNotNull(ModelJson.whyNotBound(ListProperty.class));
    assertNotNull(ModelJson.whyNotBound(Unordered.class));
    assertNotNull(ModelJson.whyNotBound(Primitive.class));
    assertNotNull(ModelJson.whyNotBound(String.class));
    assertNotNull(ModelJson.whyNotBound(WithDefaultGetter.class));
    assertNotNull(ModelJson.whyNotBound(IncludeOnSetterOnly.class));
    assertEquals("{\"a\":null}", MAPPER.writeValueAsString(new IncludeOnSetterOnly()),
        "the mapper takes the setter's @JsonInclude, which is why the class is not bound");
    assertEquals("{\"a\":\"x\",\"extra\":\"from the interface\"}",
        new String(MAPPER.writeValueAsBytes(new WithDefaultGetter()), StandardCharsets.UTF_8),
        "the mapper does see the interface's getter, which is why the class is not bound");
    assertSame(ModelJson.NOT_HANDLED, ModelJson.write(new Unannotated()));
    assertSame(ModelJson.NOT_HANDLED, ModelJson.read("{}".getBytes(StandardCharsets.UTF_8), ListProperty.class));

    // A bound model holding an unbound one: the whole write goes to the mapper, nothing is half-written.
    Outer outer = new Outer();
    outer.inner = new Unannotated();
    outer.inner.name = "n";
    assertNull(ModelJson.whyNotBound(Outer.class));
    assertSame(ModelJson.NOT_HANDLED, ModelJson.write(outer));
    RequestTemplate template = new RequestTemplate();
    new JacksonCodec().encode(outer, Outer.class, template);
    assertEquals("{\"inner\":{\"name\":\"n\"}}", new String(template.body(), StandardCharsets.UTF_8));

    ListProperty read = (ListProperty) new JacksonCodec().decode(response("{\"items\":[\"a\"]}"), ListProperty.class);
    assertEquals(List.of("a"), read.items);
  }

  /** Whether ModelJson read the document; fails when it read something the mapper does not. */
  private static boolean agree(byte[] doc, Class<?> type) {
    Object fast = ModelJson.read(doc, type);
    if (fast == ModelJson.NOT_HANDLED) {
      return false;
    }
    Object expected;
    try {
      expected = MAPPER.readValue(doc, type);
    } catch (Exception e) {
      throw new AssertionError("ModelJson read what the mapper refuses (" + e.getMessage() + "): "
          + new String(doc, StandardCharsets.UTF_8), e);
    }
    assertEquals(expected, fast, () -> type.getSimpleName() + " from " + new String(doc, StandardCharsets.UTF_8));
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
      String key = !names.isEmpty() && random.nextBoolean() ? names.get(random.nextInt(names.size()))
          : List.of("id", "type", "text", "createdAt", "isPushed", "file", "imageInfo", "width", "size", "code",
              "extra").get(random.nextInt(11));
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
      case 0: return f.nullNode();
      case 1: return f.booleanNode(random.nextBoolean());
      case 2: return f.numberNode(List.of(0L, 1L, -1L, 42L, 1470222622433L, Long.MAX_VALUE, Long.MIN_VALUE,
          (long) Integer.MAX_VALUE + 1).get(random.nextInt(8)));
      case 3: return f.numberNode(List.of(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).negate())
          .get(random.nextInt(2)));
      case 4: return f.numberNode(List.of(1.5, -0.0, 1e3, 1e300, 0.1).get(random.nextInt(5)));
      case 5: return f.numberNode(random.nextInt());
      case 6: case 7: case 8: return f.textNode(randomString(random));
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
          o.set(List.of("id", "url", "width", "isImage", "imageInfo", "z").get(random.nextInt(6)),
              randomJson(random, depth + 1));
        }
        return o;
      }
    }
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
        sb.append(kind == 0 ? (char) random.nextInt(0x20) : kind == 1 ? (char) (0xa0 + random.nextInt(0x2000))
            : kind == 2 ? "\uD83D\uDCE6" : String.valueOf((char) (0x20 + random.nextInt(0x5f))));
      }
      return sb.toString();
    }
    return STRINGS[random.nextInt(STRINGS.length)];
  }

  private static Object decode(String json) throws Exception {
    return new JacksonCodec().decode(response(json), ConversationsMessage.class);
  }

  private static Response response(String json) {
    Request request = Request.create(Request.HttpMethod.GET, "http://localhost/x", Map.of(), null,
        StandardCharsets.UTF_8, null);
    return Response.builder().status(200).request(request).headers(Map.of())
        .body(json, StandardCharsets.UTF_8).build();
  }

  /** Has a public getter Jackson detects without an annotation. */
  public static class Unannotated {
    String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** A property of a type ModelJson does not read. */
  @JsonPropertyOrder({"items"})
  public static class ListProperty {
    List<String> items = Collections.emptyList();

    @JsonProperty("items")
    public List<String> getItems() {
      return items;
    }

    @JsonProperty("items")
    public void setItems(List<String> items) {
      this.items = items;
    }
  }

  /** Properties without a declared order. */
  public static class Unordered {
    String a;

    @JsonProperty("a")
    public String getA() {
      return a;
    }

    @JsonProperty("a")
    public void setA(String a) {
      this.a = a;
    }
  }

  /** A primitive property: the mapper writes 0 where the value is unset, and reads null as 0. */
  @JsonPropertyOrder({"n"})
  public static class Primitive {
    long n;

    @JsonProperty("n")
    public long getN() {
      return n;
    }

    @JsonProperty("n")
    public void setN(long n) {
      this.n = n;
    }
  }

  /** Exposes a default method Jackson detects as a property. */
  public interface Extra {
    default String getExtra() {
      return "from the interface";
    }
  }

  /** Annotated like a generated model, but inherits a property from an interface. */
  @JsonPropertyOrder({"a"})
  public static class WithDefaultGetter implements Extra {
    String a = "x";

    @JsonProperty("a")
    public String getA() {
      return a;
    }

    @JsonProperty("a")
    public void setA(String a) {
      this.a = a;
    }
  }

  /** @JsonInclude on the setter only: Jackson merges it into the property. */
  @JsonPropertyOrder({"a"})
  public static class IncludeOnSetterOnly {
    String a;

    @JsonProperty("a")
    public String getA() {
      return a;
    }

    @JsonProperty("a")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public void setA(String a) {
      this.a = a;
    }
  }

  /** Bound itself, but holds an unbound model. */
  @JsonPropertyOrder({"inner"})
  public static class Outer {
    Unannotated inner;

    @JsonProperty("inner")
    public Unannotated getInner() {
      return inner;
    }

    @JsonProperty("inner")
    public void setInner(Unannotated inner) {
      this.inner = inner;
    }
  }
}
