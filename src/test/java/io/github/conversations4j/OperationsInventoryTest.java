package io.github.conversations4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.conversations4j.api.ConversationsApi;
import io.github.conversations4j.spec.Inventories;
import io.github.conversations4j.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The README's table of operations (rows {@code | `name(..)` | `METHOD /path` | status, ...}) has a row for every
     * operation of the spec, with its request line and success status. Only the table is read; its wording is free.
     */
    @Test
    void theReadmeTableHasEveryOperationWithItsSuccessStatus() throws IOException {
        assertEquals(
                tableRows(Spec.project()),
                readmeTableRows(),
                "README.md's table of operations and openapi/conversations.yaml");
    }

    /** The README table's rows: operation name to request line and success status. */
    static Map<String, String> readmeTableRows() throws IOException {
        Pattern row =
                Pattern.compile("^\\| `(\\w+)\\([^`]*\\)` \\| `([A-Z]+ [^`]+)` \\| (\\d{3})\\b.*$", Pattern.MULTILINE);
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = row.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            rows.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        return rows;
    }

    /** The rows a spec asks of the README table. */
    static Map<String, String> tableRows(Spec spec) {
        Map<String, String> rows = new LinkedHashMap<>();
        spec.operations().forEach(op -> rows.put(op.operationId(), op.requestLine() + " " + op.successStatus()));
        return rows;
    }

    @Test
    void everyModelOfTheSpecIsGenerated() {
        assertEquals(List.of(), Inventories.modelDifferences(Spec.project()));
    }
}
