package io.github.conversations4j.internal;

import io.github.conversations4j.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a call's arguments against Brevo's contract before anything is encoded or sent.
 *
 * <p>What a body must hold is not written here: it is what {@code openapi/conversations.yaml} states, generated at
 * build time into {@link SpecRules} by {@code templates/requestRules.mustache}. This class only interprets it:
 * <ul>
 *   <li>a {@code required} field must not be null, unless the spec makes it {@code nullable};</li>
 *   <li>a required string must not be blank (Brevo refuses {@code ""} and white space as it refuses a missing field);</li>
 *   <li>a string with {@code format: email} must look like an address ({@link #CHECKED_FORMATS}: another format the
 *       spec names is described as not checked, and {@code SpecRulesTest} fails for one on a request body);</li>
 *   <li>an enum field must hold one of the spec's values (so never {@code UNKNOWN_DEFAULT_OPEN_API});</li>
 *   <li>the spec's own extension {@code x-required-one-of} (documented in {@code openapi/README.md}): Brevo's rule
 *       that a message or an online ping names its agent with {@code agentId}, or with all three of
 *       {@code agentEmail}, {@code agentName} and {@code receivedFrom}. OpenAPI 3.0 has no construct for "one of
 *       these sets of fields, each field present and not blank", so the spec states it as an {@code x-} extension
 *       on {@code Body8} and {@code Body12}, and this is the one place that enforces it.</li>
 * </ul>
 * Path parameters are kept to one segment ({@link PathSegment}). Each failure is an {@link InvalidRequestException}
 * naming the operation and the field. Reading a field is a generated getter call: no reflection per call.
 */
final class RequestValidator {
    /** A plausible address: one {@code @}, no spaces, a dot in the domain. Brevo refuses anything less. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** The string formats that are checked. */
    static final Set<String> CHECKED_FORMATS = Set.of("email");

    /** The rules of the spec the SDK was built from. */
    static final RequestValidator SPEC = fromSpec();

    /** What the generated {@link SpecRules#declare} tells: models, each followed by its fields and extensions. */
    interface Declarations {
        /**
         * Starts a model.
         *
         * @param index its index, as {@link SpecRules#value} takes it
         * @param type its class
         * @param name its schema name
         */
        void model(int index, Class<?> type, String name);

        /**
         * Declares a field of the model last started.
         *
         * @param index its index, as {@link SpecRules#value} takes it
         * @param name its JSON name
         * @param required listed in the schema's {@code required}
         * @param nullable {@code nullable: true}
         * @param string {@code type: string}
         * @param format its {@code format}, or null
         * @param values its {@code enum} values, or null
         */
        void field(
                int index,
                String name,
                boolean required,
                boolean nullable,
                boolean string,
                String format,
                String[] values);

        /**
         * Declares the model's {@code x-required-one-of}: at least one of the sets must have every field set.
         *
         * @param what what the fields name, such as {@code agent}
         * @param sets the sets of field names, in the spec's order
         */
        void oneOf(String what, String[][] sets);
    }

    /** A field as {@link Declarations#field} declares it; {@code values} null for a field without an enum. */
    record Field(
            int index,
            String name,
            boolean required,
            boolean nullable,
            boolean string,
            String format,
            List<String> values) {
        /** Whether {@link RequestValidator#checkBody} has a rule to check on the field's value: else the getter is not called. */
        boolean checked() {
            return required || values != null || (format != null && CHECKED_FORMATS.contains(format));
        }
    }

    /** An {@code x-required-one-of}: at least one of the sets must have every field set. */
    record OneOf(String what, List<List<Field>> sets) {}

    /** A model as {@link Declarations#model} declares it, with its fields and extensions. */
    record Model(int index, Class<?> type, String name, List<Field> fields, List<OneOf> oneOfs) {
        Field field(String fieldName) {
            return fields.stream()
                    .filter(f -> f.name.equals(fieldName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + " has no field " + fieldName));
        }
    }

    /** Collects declarations into a validator. */
    static final class Builder implements Declarations {
        private final List<Model> models = new ArrayList<>();

        @Override
        public void model(int index, Class<?> type, String name) {
            models.add(new Model(index, type, name, new ArrayList<>(), new ArrayList<>()));
        }

        @Override
        public void field(
                int index,
                String name,
                boolean required,
                boolean nullable,
                boolean string,
                String format,
                String[] values) {
            current()
                    .fields
                    .add(new Field(
                            index, name, required, nullable, string, format, values == null ? null : List.of(values)));
        }

        @Override
        public void oneOf(String what, String[][] sets) {
            Model m = current();
            m.oneOfs.add(new OneOf(
                    what,
                    Arrays.stream(sets)
                            .map(set -> Arrays.stream(set).map(m::field).toList())
                            .toList()));
        }

        private Model current() {
            return models.get(models.size() - 1);
        }

        RequestValidator build() {
            return new RequestValidator(List.copyOf(models));
        }
    }

    /** The models, in the spec's order. */
    final List<Model> models;
    /** A model's rules by the body's class; a subclass of a model is checked as its model. Computed once a class. */
    private final ClassValue<Model> byClass = new ClassValue<>() {
        @Override
        protected Model computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Model m : models) {
                    if (m.type == c) {
                        return m;
                    }
                }
            }
            return null;
        }
    };

    private RequestValidator(List<Model> models) {
        this.models = models;
    }

    private static RequestValidator fromSpec() {
        Builder b = new Builder();
        SpecRules.declare(b);
        return b.build();
    }

    /**
     * Validates the arguments of one call.
     *
     * @param operation the operation called
     * @param args its arguments (may be {@code null} for none)
     * @throws InvalidRequestException naming the first argument or field that breaks the contract
     */
    public static void validate(Operation operation, Object[] args) {
        if (args == null) {
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String pathParam = operation.pathParam(i);
            if (pathParam != null) {
                String problem =
                        args[i] instanceof String || args[i] == null ? PathSegment.problem((String) args[i]) : null;
                if (problem != null) {
                    throw ErrorFactory.get().invalidRequest(operation.name(), pathParam, pathParam + " " + problem);
                }
            } else {
                SPEC.checkBody(operation.name(), args[i]);
            }
        }
    }

    /**
     * Checks a request body against the rules of its model.
     *
     * @param op the operation's name, for the message
     * @param body the body
     * @throws InvalidRequestException naming the first field that breaks a rule
     */
    void checkBody(String op, Object body) {
        if (body == null) {
            throw ErrorFactory.get().invalidRequest(op, "body", "the request body must not be null");
        }
        Model m = byClass.get(body.getClass());
        if (m == null) {
            return;
        }
        for (Field f : m.fields) {
            String problem = f.checked() ? problem(f, SpecRules.value(m.index, body, f.index)) : null;
            if (problem != null) {
                throw ErrorFactory.get().invalidRequest(op, f.name, m.name + "." + f.name + problem);
            }
        }
        for (OneOf rule : m.oneOfs) {
            oneOf(op, m, rule, body);
        }
    }

    /** What is wrong with a field's value, to follow its name in the message; null for nothing. */
    private static String problem(Field f, Object value) {
        if (value == null) {
            return f.required && !f.nullable ? " is required but was null" : null;
        }
        if (f.required && value instanceof String s && s.isBlank()) {
            return " must not be blank" + (f.nullable ? " (it may be null: the spec makes it nullable)" : "");
        }
        if ("email".equals(f.format)
                && value instanceof String s
                && !EMAIL.matcher(s).matches()) {
            return " is not an email address";
        }
        if (f.values != null && !f.values.contains(String.valueOf(value))) {
            return " is not one of the values the spec lists: " + String.join(", ", f.values);
        }
        return null;
    }

    /** {@code x-required-one-of}: one of the sets must have every field present (not null, not blank). */
    private static void oneOf(String op, Model m, OneOf rule, Object body) {
        List<String> closestMissing = null;
        int closestPresent = -1;
        for (List<Field> set : rule.sets) {
            List<String> missing = new ArrayList<>(set.size());
            for (Field f : set) {
                Object value = SpecRules.value(m.index, body, f.index);
                if (value == null || value instanceof String s && s.isBlank()) {
                    missing.add(f.name);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (set.size() - missing.size() > closestPresent) {
                closestMissing = missing;
                closestPresent = set.size() - missing.size();
            }
        }
        String field = closestPresent == 0 ? rule.sets.get(0).get(0).name : closestMissing.get(0);
        throw ErrorFactory.get()
                .invalidRequest(
                        op,
                        field,
                        m.name + " names no " + rule.what + ": set "
                                + alternatives(rule.sets)
                                + (closestPresent == 0
                                        ? " (none is set)"
                                        : " (missing: " + String.join(", ", closestMissing) + ")"));
    }

    /** "agentId, or all three of agentEmail, agentName and receivedFrom". */
    private static String alternatives(List<List<Field>> sets) {
        List<String> out = new ArrayList<>();
        for (List<Field> set : sets) {
            List<String> names = set.stream().map(Field::name).toList();
            int n = names.size();
            out.add(
                    n == 1
                            ? names.get(0)
                            : (n == 2 ? "both of " : n == 3 ? "all three of " : "all of ")
                                    + String.join(", ", names.subList(0, n - 1)) + " and " + names.get(n - 1));
        }
        return String.join(", or ", out);
    }
}
