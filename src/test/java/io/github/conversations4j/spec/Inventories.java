package io.github.conversations4j.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import feign.Param;
import feign.RequestLine;
import io.github.conversations4j.api.ConversationsApi;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tests' inventories as functions of a {@link Spec}: which operations, which path parameters, which documented
 * statuses and which models there are. Tests take them from {@link Spec#project()}; {@code SpecChangeTest} feeds an
 * edited spec and shows that they change with it, so nothing is counted or listed by hand.
 */
public final class Inventories {
    private static final String WITH_HTTP_INFO = "WithHttpInfo";
    private static final String MODEL_PACKAGE = "io.github.conversations4j.model.";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Inventories() {}

    /** One path parameter of one operation: the unit that gets the hostile-input cases. */
    public record PathParameterCase(Spec.Operation operation, String parameter) {
        @Override
        public String toString() {
            return operation.operationId() + " {" + parameter + "}";
        }
    }

    /** Every path parameter of every operation. */
    public static List<PathParameterCase> pathParameterCases(Spec spec) {
        List<PathParameterCase> cases = new ArrayList<>();
        for (Spec.Operation op : spec.operations()) {
            for (Spec.Parameter parameter : op.pathParameters()) {
                cases.add(new PathParameterCase(op, parameter.name()));
            }
        }
        return cases;
    }

    /**
     * The operations whose spec documents a 404. That is the rule rather than "every operation with a path
     * parameter": {@code PUT /conversations/visitorGroup} has none and documents a 404 (visitor not found), and an
     * operation with a path parameter that documented none would be a question for the spec, not for this list.
     */
    public static List<Spec.Operation> notFoundOperations(Spec spec) {
        return spec.operations().stream().filter(op -> op.documents(404)).toList();
    }

    /** The names of the generated models: one per schema of {@code components.schemas}. */
    public static List<String> modelNames(Spec spec) {
        return List.copyOf(spec.schemas().keySet());
    }

    /** The number of methods the generated API has: each operation, and its {@code WithHttpInfo} variant. */
    public static int apiMethodCount(Spec spec) {
        return 2 * spec.operations().size();
    }

    /**
     * What differs between a spec and the generated API interface, one sentence each: an operation with no method
     * (or no {@code WithHttpInfo} variant), a method whose {@code @RequestLine} is not the spec's, a method the spec
     * does not have.
     */
    public static List<String> apiDifferences(Spec spec, Class<?> api) {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method method : api.getMethods()) {
            if (method.isAnnotationPresent(RequestLine.class)) {
                methods.put(method.getName(), method);
            }
        }
        List<String> differences = new ArrayList<>();
        TreeSet<String> expected = new TreeSet<>();
        for (Spec.Operation op : spec.operations()) {
            for (String name : List.of(op.operationId(), op.operationId() + WITH_HTTP_INFO)) {
                expected.add(name);
                Method method = methods.get(name);
                if (method == null) {
                    differences.add(op.requestLine() + " (" + name + "): in the spec, not in the generated "
                            + api.getSimpleName());
                } else if (!requestLine(method).equals(op.requestLine())) {
                    differences.add(name + ": the generated " + api.getSimpleName() + " has " + requestLine(method)
                            + ", the spec " + op.requestLine());
                }
            }
        }
        for (String name : methods.keySet()) {
            if (!expected.contains(name)) {
                differences.add(name + " (" + requestLine(methods.get(name)) + "): in the generated "
                        + api.getSimpleName() + ", not in the spec");
            }
        }
        return differences;
    }

    /** The schemas of a spec that have no generated model class. */
    public static List<String> modelDifferences(Spec spec) {
        List<String> differences = new ArrayList<>();
        for (String name : modelNames(spec)) {
            try {
                Class.forName(MODEL_PACKAGE + name);
            } catch (ClassNotFoundException e) {
                differences.add("schema " + name + ": in the spec, no generated model " + MODEL_PACKAGE + name);
            }
        }
        return differences;
    }

    /** The generated model class of a schema. */
    public static Class<?> model(String schema) {
        try {
            return Class.forName(MODEL_PACKAGE + schema);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("schema " + schema + " has no generated model " + MODEL_PACKAGE + schema, e);
        }
    }

    /** The generated method of an operation (not its {@code WithHttpInfo} variant). */
    public static Method apiMethod(Spec.Operation op) {
        for (Method method : ConversationsApi.class.getMethods()) {
            if (method.getName().equals(op.operationId())) {
                return method;
            }
        }
        throw new AssertionError(op.requestLine() + " (" + op.operationId() + "): in the spec, not in the generated "
                + "ConversationsApi");
    }

    /**
     * The arguments of an operation's generated method: each path parameter from {@code pathValues} (absent ones get
     * {@code "x1"}), and the request body built from the spec's first example, so that the call is valid.
     */
    public static Object[] arguments(Spec.Operation op, Map<String, String> pathValues) {
        Method method = apiMethod(op);
        Annotation[][] annotations = method.getParameterAnnotations();
        Object[] args = new Object[annotations.length];
        for (int i = 0; i < args.length; i++) {
            String param = null;
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof Param) {
                    param = ((Param) annotation).value();
                }
            }
            if (param != null) {
                args[i] = pathValues.getOrDefault(param, "x1");
            } else {
                if (op.requestExamples().isEmpty()) {
                    throw new AssertionError(op.requestLine() + ": a request body without an example in the spec");
                }
                args[i] = MAPPER.convertValue(op.requestExamples().get(0).value(), method.getParameterTypes()[i]);
            }
        }
        return args;
    }

    /**
     * A pattern for the raw path (after the base path) that a call of {@code op} sends with {@code parameter} as
     * the one varying segment (group 1) and every other path parameter {@code "x1"}.
     */
    public static Pattern pathPattern(Spec.Operation op, String parameter) {
        StringBuilder regex = new StringBuilder();
        String path = op.path();
        int at = 0;
        int open;
        while ((open = path.indexOf('{', at)) >= 0) {
            int close = path.indexOf('}', open);
            regex.append(Pattern.quote(path.substring(at, open)));
            regex.append(path.substring(open + 1, close).equals(parameter) ? "([^/?#]*)" : Pattern.quote("x1"));
            at = close + 1;
        }
        regex.append(Pattern.quote(path.substring(at)));
        return Pattern.compile(regex.toString());
    }

    private static String requestLine(Method method) {
        String value = method.getAnnotation(RequestLine.class).value().trim();
        int query = value.indexOf('?');
        return query < 0 ? value : value.substring(0, query);
    }
}
