package io.github.conversations4j.webhooks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.conversations4j.internal.Clients;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
  private static final ObjectMapper TREE = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();
  /** More problems than this in one event is no longer an odd field but a different format: refused. */
  static final int MAX_PROBLEMS = 50;

  private final Class<?> type;
  private final List<String> problems = new ArrayList<>();

  private LenientReader(Class<?> type) {
    this.type = type;
  }

  /** The model and the paths of the fields left out. */
  record Result<T>(T model, List<String> problems) {}

  /**
   * Reads the body as {@code type}, leaving out what does not read.
   *
   * @throws IOException when even the cleaned body does not read (or holds too many problems)
   */
  static <T> Result<T> read(byte[] body, Class<T> type) throws IOException {
    JsonNode root = TREE.readTree(body);
    if (!(root instanceof ObjectNode)) {
      throw new IOException("the body is not a JSON object");
    }
    LenientReader reader = new LenientReader(type);
    reader.clean((ObjectNode) root, "", UnaryOperator.identity());
    T model = Clients.readModel(TREE.writeValueAsBytes(root), type);
    return new Result<>(model, List.copyOf(reader.problems));
  }

  /** Whether the root document {@code doc} reads as the model. */
  private boolean reads(JsonNode doc) throws IOException {
    try {
      Clients.readModel(TREE.writeValueAsBytes(doc), type);
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
  private void clean(ObjectNode node, String path, UnaryOperator<JsonNode> wrap) throws IOException {
    if (reads(wrap.apply(node))) {
      return;
    }
    List<String> odd = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    fields.forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> field : entries) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      UnaryOperator<JsonNode> inner = v -> wrap.apply(TREE.createObjectNode().set(name, v));
      if (reads(inner.apply(value))) {
        continue;
      }
      String at = path.isEmpty() ? name : path + "." + name;
      if (value instanceof ObjectNode && reads(inner.apply(TREE.createObjectNode()))) {
        clean((ObjectNode) value, at, inner);
      } else if (value instanceof ArrayNode && reads(inner.apply(TREE.createArrayNode()))) {
        clean((ArrayNode) value, at, inner);
      } else {
        odd.add(name);
        problem(at);
      }
    }
    node.remove(odd);
  }

  /** Cleans an array in place: an element of an unexpected shape is left out. */
  private void clean(ArrayNode node, String path, UnaryOperator<JsonNode> wrap) throws IOException {
    List<JsonNode> kept = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      UnaryOperator<JsonNode> inner = v -> wrap.apply(TREE.createArrayNode().add(v));
      String at = path + "[" + i + "]";
      if (reads(inner.apply(element))) {
        kept.add(element);
      } else if (element instanceof ObjectNode && reads(inner.apply(TREE.createObjectNode()))) {
        clean((ObjectNode) element, at, inner);
        kept.add(element);
      } else if (element instanceof ArrayNode && reads(inner.apply(TREE.createArrayNode()))) {
        clean((ArrayNode) element, at, inner);
        kept.add(element);
      } else {
        problem(at);
      }
    }
    node.removeAll();
    node.addAll(kept);
  }

  private void problem(String path) throws IOException {
    problems.add(path);
    if (problems.size() > MAX_PROBLEMS) {
      throw new IOException("more than " + MAX_PROBLEMS + " fields of an unexpected shape");
    }
  }
}
