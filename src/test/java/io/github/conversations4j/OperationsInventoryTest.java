package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations of {@code openapi/conversations.yaml}, the generated API and the wire cases of
 * {@link Operations#all()} are the same set: a new or changed operation fails here with its name, not silently.
 */
class OperationsInventoryTest {

  /** What differs between a spec's operations and the hand-written wire cases, one sentence each. */
  static List<String> caseDifferences(Spec spec, List<Operations.Case> cases) {
    Map<String, Operations.Case> byName = new LinkedHashMap<>();
    cases.forEach(c -> byName.put(c.name(), c));
    List<String> differences = new ArrayList<>();
    for (Spec.Operation op : spec.operations()) {
      Operations.Case c = byName.remove(op.operationId());
      if (c == null) {
        differences.add(op.requestLine() + " (" + op.operationId() + "): in the spec, no wire case in "
            + "Operations.all()");
      } else if (!(c.method() + " " + c.pathTemplate()).equals(op.requestLine())) {
        differences.add(op.operationId() + ": Operations.all() sends " + c.method() + " " + c.pathTemplate()
            + ", the spec has " + op.requestLine());
      }
    }
    byName.keySet().forEach(name -> differences.add(name + ": in Operations.all(), not in the spec"));
    return differences;
  }

  @Test
  void theGeneratedApiHasExactlyTheSpecsOperations() {
    assertEquals(List.of(), Inventories.apiDifferences(Spec.project(), ConversationsApi.class));
  }

  @Test
  void everyOperationHasItsWireCase() {
    assertEquals(List.of(), caseDifferences(Spec.project(), Operations.all()));
  }

  @Test
  void everyModelOfTheSpecIsGenerated() {
    assertEquals(List.of(), Inventories.modelDifferences(Spec.project()));
  }
}
