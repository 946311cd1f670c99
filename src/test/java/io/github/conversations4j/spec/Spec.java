package io.github.conversations4j.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the tests read from an OpenAPI definition: its operations (method, path, path parameters, documented
 * statuses, request body schema and examples) and its schemas (required and optional fields). The tests' inventories
 * are functions of this, so that {@code openapi/conversations.yaml} is the only place an operation, a status or a
 * required field is written down. Only what this project's spec uses is read: local {@code $ref}s to
 * {@code components}, path-level and operation-level parameters, JSON request bodies.
 */
public final class Spec {
    /** The project's own spec, relative to the directory Maven runs the tests in. */
    public static final Path PROJECT_SPEC = Path.of("openapi", "conversations.yaml");

    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static Spec project;

    /** A path parameter. */
    public record Parameter(String name, Object example) {}

    /** A named example of a request body. */
    public record Example(String name, Map<String, Object> value) {}

    /**
     * One operation.
     *
     * @param operationId the generated API's method name
     * @param method upper case, such as {@code PUT}
     * @param path the path template, such as {@code /conversations/messages/{id}}
     * @param pathParameters in the order of the template
     * @param statuses every documented status
     * @param requestSchema the name of the request body's schema, or null without a body
     * @param requestExamples the request body's examples, in the spec's order
     * @param errorExampleMessages the {@code message} of each error status's example, where there is one
     */
    public record Operation(
            String operationId,
            String method,
            String path,
            List<Parameter> pathParameters,
            SortedSet<Integer> statuses,
            String requestSchema,
            List<Example> requestExamples,
            Map<Integer, String> errorExampleMessages) {
        /** Method and path template, such as {@code GET /conversations/messages/{id}}. */
        public String requestLine() {
            return method + " " + path;
        }

        /** The documented 2xx statuses. */
        public SortedSet<Integer> successStatuses() {
            SortedSet<Integer> success = new TreeSet<>();
            for (int status : statuses) {
                if (status >= 200 && status < 300) {
                    success.add(status);
                }
            }
            return success;
        }

        /**
         * The one documented success status.
         *
         * @return it
         * @throws IllegalStateException when the spec documents none or several
         */
        public int successStatus() {
            SortedSet<Integer> success = successStatuses();
            if (success.size() != 1) {
                throw new IllegalStateException(
                        requestLine() + " documents success statuses " + success + "; the tests expect exactly one");
            }
            return success.first();
        }

        /** Whether the spec documents this status for the operation. */
        public boolean documents(int status) {
            return statuses.contains(status);
        }

        @Override
        public String toString() {
            return operationId;
        }
    }

    /** A schema: its fields in the spec's order, and which are required. */
    public record Schema(String name, List<String> fields, Set<String> required) {}

    private final List<Operation> operations;
    private final Map<String, Schema> schemas;

    private Spec(List<Operation> operations, Map<String, Schema> schemas) {
        this.operations = List.copyOf(operations);
        this.schemas = Collections.unmodifiableMap(schemas);
    }

    /** The project's {@code openapi/conversations.yaml}, read once. */
    public static synchronized Spec project() {
        if (project == null) {
            project = parse(projectYaml());
        }
        return project;
    }

    /** The text of the project's spec. */
    public static String projectYaml() {
        try {
            return Files.readString(PROJECT_SPEC, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROJECT_SPEC.toAbsolutePath(), e);
        }
    }

    /** Reads YAML into plain maps and lists, as {@link #parse(Map)} takes them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    /** Parses a spec's text. */
    public static Spec parse(String yaml) {
        return parse(load(yaml));
    }

    /** Parses a spec already read into maps (as {@link #load(String)} gives), for tests that edit it first. */
    public static Spec parse(Map<String, Object> root) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Object> pathEntry :
                map(root.get("paths"), "paths").entrySet()) {
            String path = pathEntry.getKey();
            Map<String, Object> pathItem = map(pathEntry.getValue(), path);
            List<Object> shared = list(pathItem.get("parameters"));
            for (String method : METHODS) {
                if (!pathItem.containsKey(method)) {
                    continue;
                }
                String where = method.toUpperCase(Locale.ROOT) + " " + path;
                Map<String, Object> op = map(pathItem.get(method), where);
                operations.add(operation(root, where, path, method.toUpperCase(Locale.ROOT), shared, op));
            }
        }
        Map<String, Schema> schemas = new LinkedHashMap<>();
        Map<String, Object> components = map(root.getOrDefault("components", Map.of()), "components");
        for (Map.Entry<String, Object> entry :
                map(components.getOrDefault("schemas", Map.of()), "schemas").entrySet()) {
            Map<String, Object> schema = map(entry.getValue(), entry.getKey());
            List<String> fields = new ArrayList<>(map(schema.getOrDefault("properties", Map.of()), entry.getKey())
                    .keySet());
            Set<String> required = new LinkedHashSet<>();
            for (Object name : list(schema.get("required"))) {
                required.add((String) name);
            }
            schemas.put(entry.getKey(), new Schema(entry.getKey(), fields, Collections.unmodifiableSet(required)));
        }
        return new Spec(operations, schemas);
    }

    @SuppressWarnings("unchecked")
    private static Operation operation(
            Map<String, Object> root,
            String where,
            String path,
            String method,
            List<Object> shared,
            Map<String, Object> op) {
        String operationId = (String) op.get("operationId");
        if (operationId == null) {
            throw new IllegalArgumentException(where + " has no operationId");
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        List<Object> parameters = new ArrayList<>(shared);
        parameters.addAll(list(op.get("parameters")));
        for (Object p : parameters) {
            Map<String, Object> parameter = resolve(root, map(p, where + " parameter"));
            if ("path".equals(parameter.get("in"))) {
                String name = (String) parameter.get("name");
                byName.put(name, new Parameter(name, parameter.get("example")));
            }
        }
        List<Parameter> pathParameters = new ArrayList<>();
        int from = 0;
        while ((from = path.indexOf('{', from)) >= 0) {
            int to = path.indexOf('}', from);
            String name = path.substring(from + 1, to);
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                throw new IllegalArgumentException(where + " does not declare its path parameter " + name);
            }
            pathParameters.add(parameter);
            from = to;
        }
        SortedSet<Integer> statuses = new TreeSet<>();
        Map<Integer, String> errorMessages = new LinkedHashMap<>();
        for (Map.Entry<?, ?> response : ((Map<?, ?>) map(op.get("responses"), where)).entrySet()) {
            int status = Integer.parseInt(String.valueOf(response.getKey()));
            statuses.add(status);
            Map<String, Object> resolved = resolve(root, map(response.getValue(), where + " " + status));
            Object example = jsonContent(resolved).get("example");
            if (status >= 400 && example instanceof Map && ((Map<?, ?>) example).get("message") instanceof String) {
                errorMessages.put(status, (String) ((Map<?, ?>) example).get("message"));
            }
        }
        String requestSchema = null;
        List<Example> examples = new ArrayList<>();
        if (op.get("requestBody") != null) {
            Map<String, Object> content = jsonContent(resolve(root, map(op.get("requestBody"), where + " body")));
            Map<String, Object> schema = map(content.getOrDefault("schema", Map.of()), where + " body schema");
            String ref = (String) schema.get("$ref");
            requestSchema = ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
            for (Map.Entry<String, Object> example :
                    map(content.getOrDefault("examples", Map.of()), where).entrySet()) {
                Map<String, Object> value = map(
                        resolve(root, map(example.getValue(), example.getKey())).get("value"),
                        where + " example " + example.getKey());
                examples.add(new Example(example.getKey(), Collections.unmodifiableMap(value)));
            }
            if (examples.isEmpty() && content.get("example") != null) {
                examples.add(new Example("example", map(content.get("example"), where + " example")));
            }
            // The spec keeps a model body's examples on its schema (x-examples, named; else example), where the
            // generator does not warn about them (openapi/README.md).
            Map<String, Object> bodySchema = ref == null ? schema : resolve(root, schema);
            if (examples.isEmpty()) {
                for (Map.Entry<String, Object> example : map(bodySchema.getOrDefault("x-examples", Map.of()), where)
                        .entrySet()) {
                    Map<String, Object> value = map(
                            map(example.getValue(), example.getKey()).get("value"),
                            where + " x-example " + example.getKey());
                    examples.add(new Example(example.getKey(), Collections.unmodifiableMap(value)));
                }
            }
            if (examples.isEmpty() && bodySchema.get("example") != null) {
                examples.add(new Example("example", map(bodySchema.get("example"), where + " schema example")));
            }
        }
        return new Operation(
                operationId,
                method,
                path,
                List.copyOf(pathParameters),
                Collections.unmodifiableSortedSet(statuses),
                requestSchema,
                List.copyOf(examples),
                Collections.unmodifiableMap(errorMessages));
    }

    private static Map<String, Object> jsonContent(Map<String, Object> bodyOrResponse) {
        Map<String, Object> content = map(bodyOrResponse.getOrDefault("content", Map.of()), "content");
        return map(content.getOrDefault("application/json", Map.of()), "application/json");
    }

    private static Map<String, Object> resolve(Map<String, Object> root, Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String)) {
            return node;
        }
        String pointer = (String) ref;
        if (!pointer.startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are read: " + pointer);
        }
        Object target = root;
        for (String part : pointer.substring(2).split("/")) {
            target = map(target, pointer).get(part);
        }
        return resolve(root, map(target, pointer));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(where + ": expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** Every operation, in the spec's order. */
    public List<Operation> operations() {
        return operations;
    }

    /**
     * One operation.
     *
     * @param operationId its id
     * @return it
     * @throws IllegalArgumentException when the spec has no such operation
     */
    public Operation operation(String operationId) {
        for (Operation op : operations) {
            if (op.operationId().equals(operationId)) {
                return op;
            }
        }
        throw new IllegalArgumentException("the spec has no operation " + operationId);
    }

    /** Every schema of {@code components.schemas}, in the spec's order. */
    public Map<String, Schema> schemas() {
        return schemas;
    }
}
