package io.github.conversations4j.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the generated models with jackson-core's streaming parser and generator, without building a
 * databind {@code ObjectMapper}: that construction alone loads about 400 classes and was more than a third of a
 * fresh JVM's time to its first call.
 *
 * <p>It gives exactly what {@link Json#mapper()} gives, or nothing. A model class is bound only when its shape is one
 * this class reproduces without doubt: public no-argument constructor, no superclass, every property a
 * {@code @JsonProperty} getter and setter pair of type {@code String}, {@code Long}, {@code Integer},
 * {@code Boolean}, a generated enum ({@code @JsonValue} to a string, {@code @JsonCreator} from one) or another such
 * model, listed in {@code @JsonPropertyOrder}, included always or when not null, and no other Jackson annotation.
 * A JSON value is read only when it needs no coercion (a string for a string, an integer in range for a number,
 * and so on). For anything else, on either side, {@link #write} and {@link #read} answer {@link #NOT_HANDLED} and
 * the caller uses the mapper, which then decides, fails or coerces as Jackson always has. {@code ModelJsonTest}
 * holds the two to byte-for-byte and object-for-object agreement on every model and on thousands of generated and
 * mutated documents.
 */
final class ModelJson {
  /** What {@link #read} and {@link #write} answer when the mapper must do the work. */
  public static final Object NOT_HANDLED = new Object();

  /** The factory, and so the features and read limits, that the mapper is built on too (see {@link Json}). */
  private static final JsonFactory FACTORY = new JsonFactory();

  private static final Object[] NO_ARGUMENTS = {};

  private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
    @Override
    protected Binding computeValue(Class<?> type) {
      return Binding.of(type);
    }
  };

  private ModelJson() {}

  /** The factory both ModelJson and the mapper parse and generate with. */
  static JsonFactory factory() {
    return FACTORY;
  }

  /**
   * Writes a model as the mapper would.
   *
   * @param value the model, not null
   * @return the JSON bytes, or {@link #NOT_HANDLED}
   */
  public static Object write(Object value) {
    Binding binding = BINDINGS.get(value.getClass());
    if (binding.unsupported != null) {
      return NOT_HANDLED;
    }
    // As the mapper's writer does: a recycled buffer, copied out once.
    ByteArrayBuilder out = new ByteArrayBuilder(FACTORY._getBufferRecycler());
    try {
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        writeObject(g, value, binding);
      }
      return out.toByteArray();
    } catch (IOException | ReflectiveOperationException | RuntimeException e) {
      return NOT_HANDLED;
    } finally {
      out.release();
    }
  }

  /**
   * Reads a model as the mapper would.
   *
   * @param json the document
   * @param type the model class
   * @return the model, {@code null} for a JSON {@code null}, or {@link #NOT_HANDLED} (also for any malformed or
   *     surprising input: the mapper then gives its own answer or error)
   */
  public static Object read(byte[] json, Class<?> type) {
    Binding binding = BINDINGS.get(type);
    if (binding.unsupported != null) {
      return NOT_HANDLED;
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_NULL) {
        return null;
      }
      if (first != JsonToken.START_OBJECT) {
        return NOT_HANDLED;
      }
      return readObject(p, binding);
    } catch (IOException | ReflectiveOperationException | RuntimeException e) {
      return NOT_HANDLED;
    }
  }

  /**
   * Why a class is not bound, for tests and for anyone wondering why a model takes the mapper's path.
   *
   * @param type a class
   * @return null when it is bound, or the reason it is not
   */
  public static String whyNotBound(Class<?> type) {
    return BINDINGS.get(type).unsupported;
  }

  /**
   * Reads the {@code code} and {@code message} of an error body, as the mapper's tree gives them for the plain
   * cases: top-level string, boolean or null values.
   *
   * @param json the body
   * @return {@code [code, message]} ({@code [null, null]} for a malformed or cut document, which the tree cannot
   *     read either), or {@code null} when the mapper's tree must be asked (a number, object or array in one of
   *     the two, or a document that is not an object)
   */
  public static String[] readError(byte[] json) {
    String[] result = new String[2];
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        int slot = "code".equals(name) ? 0 : "message".equals(name) ? 1 : -1;
        if (slot < 0) {
          decode(p, v);
        } else if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
          result[slot] = p.getText();
        } else if (v == JsonToken.VALUE_NULL) {
          result[slot] = null;
        } else {
          return null;
        }
      }
      return result;
    } catch (IOException e) {
      // Malformed or cut short: the mapper's tree, on the same parser, fails on it too and yields nothing.
      return new String[2];
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the value that starts at the current token to its end, decoding every string and number in it as the
   * mapper's tree does: {@code skipChildren} would not decode them, and so would not fail where the tree fails
   * (a UTF-8-encoded surrogate in a string, say).
   */
  private static void decode(JsonParser p, JsonToken first) throws IOException {
    int depth = 0;
    for (JsonToken t = first; t != null; t = p.nextToken()) {
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        depth++;
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        depth--;
      } else if (t == JsonToken.VALUE_STRING) {
        p.getText();
      } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        p.getNumberValue();
      }
      if (depth == 0) {
        return;
      }
    }
    throw new java.io.EOFException("document ends inside a value");
  }

  private static void writeObject(JsonGenerator g, Object value, Binding binding)
      throws IOException, ReflectiveOperationException {
    g.writeStartObject();
    for (Property prop : binding.properties) {
      Object v = invoke(prop.getter, value, NO_ARGUMENTS);
      if (v == null) {
        if (prop.writeNull) {
          g.writeFieldName(prop.name);
          g.writeNull();
        }
        continue;
      }
      g.writeFieldName(prop.name);
      switch (prop.kind) {
        case STRING:
          g.writeString((String) v);
          break;
        case LONG:
          g.writeNumber((Long) v);
          break;
        case INTEGER:
          g.writeNumber((Integer) v);
          break;
        case BOOLEAN:
          g.writeBoolean((Boolean) v);
          break;
        case ENUM:
          Object s = invoke(prop.enumValue, v, NO_ARGUMENTS);
          if (s == null) {
            g.writeNull();
          } else {
            g.writeString((String) s);
          }
          break;
        case MODEL:
          Binding nested = BINDINGS.get(v.getClass());
          if (nested.unsupported != null) {
            throw NotHandled.INSTANCE;
          }
          writeObject(g, v, nested);
          break;
        default:
          throw NotHandled.INSTANCE;
      }
    }
    g.writeEndObject();
  }

  /** Reads the object whose START_OBJECT is the current token, up to and including its END_OBJECT. */
  private static Object readObject(JsonParser p, Binding binding) throws IOException, ReflectiveOperationException {
    Object target = binding.constructor.newInstance(NO_ARGUMENTS);
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      Property prop = binding.byName.get(p.currentName());
      JsonToken v = p.nextToken();
      if (prop == null) {
        p.skipChildren();
        continue;
      }
      invoke(prop.setter, target, v == JsonToken.VALUE_NULL ? null : readValue(p, v, prop));
    }
    return target;
  }

  private static Object readValue(JsonParser p, JsonToken v, Property prop)
      throws IOException, ReflectiveOperationException {
    switch (prop.kind) {
      case STRING:
        if (v == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        break;
      case LONG:
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return p.getLongValue();
        }
        break;
      case INTEGER:
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
          return p.getIntValue();
        }
        break;
      case BOOLEAN:
        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
          return v == JsonToken.VALUE_TRUE;
        }
        break;
      case ENUM:
        if (v == JsonToken.VALUE_STRING) {
          Object e = invoke(prop.enumFactory, null, p.getText());
          if (e != null) {
            return e;
          }
        }
        break;
      case MODEL:
        if (v == JsonToken.START_OBJECT) {
          Binding nested = BINDINGS.get(prop.type);
          if (nested.unsupported == null) {
            return readObject(p, nested);
          }
        }
        break;
      default:
        break;
    }
    throw NotHandled.INSTANCE;
  }

  private static Object invoke(Method m, Object target, Object... args) throws ReflectiveOperationException {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      // A model's own code threw: the mapper reports that in its own words.
      throw NotHandled.INSTANCE;
    }
  }

  private enum Kind { STRING, LONG, INTEGER, BOOLEAN, ENUM, MODEL }

  private static final class Property {
    final String name;
    final Class<?> type;
    final Kind kind;
    final Method getter;
    final Method setter;
    final boolean writeNull;
    final Method enumValue;
    final Method enumFactory;

    Property(String name, Class<?> type, Kind kind, Method getter, Method setter, boolean writeNull,
        Method enumValue, Method enumFactory) {
      this.name = name;
      this.type = type;
      this.kind = kind;
      this.getter = getter;
      this.setter = setter;
      this.writeNull = writeNull;
      this.enumValue = enumValue;
      this.enumFactory = enumFactory;
    }
  }

  /** A model class's properties, or why it is not bound. */
  private static final class Binding {
    final String unsupported;
    final Constructor<?> constructor;
    final Property[] properties;
    final Map<String, Property> byName;

    private Binding(String unsupported, Constructor<?> constructor, Property[] properties,
        Map<String, Property> byName) {
      this.unsupported = unsupported;
      this.constructor = constructor;
      this.properties = properties;
      this.byName = byName;
    }

    static Binding no(Class<?> type, String why) {
      return new Binding(type.getName() + ": " + why, null, null, null);
    }

    static Binding of(Class<?> type) {
      if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isEnum() || type.isArray()
          || type.isPrimitive() || Modifier.isAbstract(type.getModifiers()) || type.getSuperclass() != Object.class
          || (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers()))) {
        return no(type, "not a plain public class extending Object");
      }
      if (type.getTypeParameters().length > 0) {
        return no(type, "generic");
      }
      for (Class<?> i : type.getInterfaces()) {
        if (i != java.io.Serializable.class) {
          return no(type, "implements " + i.getName() + " (its default methods could be properties)");
        }
      }
      for (Annotation a : type.getAnnotations()) {
        if (isJackson(a) && !(a instanceof JsonPropertyOrder) && !(a instanceof JsonTypeName)) {
          return no(type, "class annotation @" + a.annotationType().getSimpleName());
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (hasJackson(f.getAnnotations())) {
          return no(type, "Jackson annotation on field " + f.getName());
        }
        if (!Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers())) {
          return no(type, "public field " + f.getName());
        }
      }
      Constructor<?> constructor;
      try {
        constructor = type.getConstructor();
      } catch (NoSuchMethodException e) {
        return no(type, "no public no-argument constructor");
      }
      if (hasJackson(constructor.getAnnotations())) {
        return no(type, "annotated constructor");
      }
      Map<String, Method> getters = new HashMap<>();
      Map<String, Method> setters = new HashMap<>();
      for (Method m : type.getDeclaredMethods()) {
        if (m.isSynthetic() || m.isBridge()) {
          continue;
        }
        boolean isStatic = Modifier.isStatic(m.getModifiers());
        JsonProperty jp = m.getAnnotation(JsonProperty.class);
        for (Annotation a : m.getAnnotations()) {
          if (isJackson(a) && !(a instanceof JsonProperty) && !(a instanceof JsonInclude)) {
            return no(type, "@" + a.annotationType().getSimpleName() + " on " + m.getName());
          }
        }
        if (jp == null) {
          if (m.getAnnotation(JsonInclude.class) != null) {
            return no(type, "@JsonInclude without @JsonProperty on " + m.getName());
          }
          if (!isStatic && Modifier.isPublic(m.getModifiers()) && looksLikeAccessor(m)) {
            return no(type, "accessor " + m.getName() + " without @JsonProperty (Jackson would detect it)");
          }
          continue;
        }
        if (isStatic || jp.value().isEmpty() || jp.access() != JsonProperty.Access.AUTO
            || !Modifier.isPublic(m.getModifiers())) {
          return no(type, "@JsonProperty on " + m.getName() + " is not a plain public named accessor");
        }
        Map<String, Method> into;
        if (m.getParameterCount() == 0 && m.getReturnType() != void.class) {
          into = getters;
        } else if (m.getParameterCount() == 1) {
          into = setters;
        } else {
          return no(type, "@JsonProperty on " + m.getName() + " is neither getter nor setter");
        }
        if (into.put(jp.value(), m) != null) {
          return no(type, "two accessors for " + jp.value());
        }
      }
      if (!getters.keySet().equals(setters.keySet())) {
        return no(type, "a property without both getter and setter");
      }
      JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
      List<String> names = order == null ? List.of() : Arrays.asList(order.value());
      if (order != null && order.alphabetic()) {
        return no(type, "alphabetic order");
      }
      if (!names.containsAll(getters.keySet()) || new HashSet<>(names).size() != names.size()) {
        return no(type, "property order not given by @JsonPropertyOrder");
      }
      List<Property> properties = new ArrayList<>();
      Map<String, Property> byName = new LinkedHashMap<>();
      for (String name : names) {
        Method getter = getters.get(name);
        if (getter == null) {
          continue;
        }
        Method setter = setters.get(name);
        Class<?> t = setter.getParameterTypes()[0];
        if (getter.getReturnType() != t) {
          return no(type, "getter and setter types differ for " + name);
        }
        // Jackson merges the accessors' annotations; the same (or no) @JsonInclude on both leaves no doubt.
        JsonInclude include = getter.getAnnotation(JsonInclude.class);
        if (!Objects.equals(include, setter.getAnnotation(JsonInclude.class))) {
          return no(type, "getter and setter of " + name + " differ in @JsonInclude");
        }
        Boolean writeNull = writeNull(include);
        if (writeNull == null) {
          return no(type, "unsupported @JsonInclude on " + name);
        }
        Kind kind;
        Method enumValue = null;
        Method enumFactory = null;
        if (t == String.class) {
          kind = Kind.STRING;
        } else if (t == Long.class) {
          kind = Kind.LONG;
        } else if (t == Integer.class) {
          kind = Kind.INTEGER;
        } else if (t == Boolean.class) {
          kind = Kind.BOOLEAN;
        } else if (t.isEnum()) {
          kind = Kind.ENUM;
          enumValue = enumValue(t);
          enumFactory = enumFactory(t);
          if (enumValue == null || enumFactory == null) {
            return no(type, "enum " + t.getSimpleName() + " is not a generated string enum");
          }
        } else if (t.getName().startsWith("java.") || t.getName().startsWith("javax.") || t.isPrimitive()
            || t.isArray() || t.isInterface()) {
          return no(type, "property " + name + " of type " + t.getName());
        } else {
          kind = Kind.MODEL; // bound, or not, when first met
        }
        Property p = new Property(name, t, kind, getter, setter, writeNull, enumValue, enumFactory);
        properties.add(p);
        byName.put(name, p);
      }
      return new Binding(null, constructor, properties.toArray(new Property[0]), byName);
    }

    /** True to write a null, false to leave it out, null for an inclusion this class does not reproduce. */
    private static Boolean writeNull(JsonInclude include) {
      if (include == null) {
        return Boolean.FALSE; // the mapper's default: NON_NULL
      }
      if (include.valueFilter() != Void.class || include.contentFilter() != Void.class) {
        return null;
      }
      switch (include.value()) {
        case ALWAYS:
          return Boolean.TRUE;
        case USE_DEFAULTS:
        case NON_NULL:
          return Boolean.FALSE;
        default:
          return null;
      }
    }

    private static Method enumValue(Class<?> e) {
      Method found = null;
      for (Method m : e.getDeclaredMethods()) {
        if (m.getAnnotation(JsonValue.class) != null) {
          if (found != null || m.getParameterCount() != 0 || m.getReturnType() != String.class
              || Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
              || !m.getAnnotation(JsonValue.class).value()) {
            return null;
          }
          found = m;
        }
      }
      return found != null && publicChain(e) ? found : null;
    }

    private static Method enumFactory(Class<?> e) {
      Method found = null;
      for (Method m : e.getDeclaredMethods()) {
        JsonCreator c = m.getAnnotation(JsonCreator.class);
        if (c != null) {
          if (found != null || m.getParameterCount() != 1 || m.getParameterTypes()[0] != String.class
              || m.getReturnType() != e || !Modifier.isStatic(m.getModifiers())
              || !Modifier.isPublic(m.getModifiers()) || c.mode() == JsonCreator.Mode.PROPERTIES
              || c.mode() == JsonCreator.Mode.DISABLED) {
            return null;
          }
          found = m;
        }
      }
      for (Field f : e.getDeclaredFields()) {
        if (hasJackson(f.getAnnotations())) {
          return null; // @JsonProperty or @JsonAlias on constants would change what the mapper reads
        }
      }
      return found != null && publicChain(e) ? found : null;
    }

    private static boolean publicChain(Class<?> c) {
      for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
        if (!Modifier.isPublic(k.getModifiers())) {
          return false;
        }
      }
      return true;
    }

    private static boolean looksLikeAccessor(Method m) {
      String n = m.getName();
      int params = m.getParameterCount();
      return (params == 0 && n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class
              && !n.equals("getClass"))
          || (params == 0 && n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class)
          || (params == 1 && n.startsWith("set") && n.length() > 3);
    }

    private static boolean hasJackson(Annotation[] annotations) {
      for (Annotation a : annotations) {
        if (isJackson(a)) {
          return true;
        }
      }
      return false;
    }

    private static boolean isJackson(Annotation a) {
      return a.annotationType().getName().startsWith("com.fasterxml.jackson.");
    }
  }

  /** Control flow only: the mapper must take over. */
  private static final class NotHandled extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotHandled INSTANCE = new NotHandled();

    private NotHandled() {
      super("handled by the mapper", null, false, false);
    }
  }
}
